package org.migspec.impl.scenario;

import java.nio.file.Path;
import org.migspec.impl.common.Variant;

public final class ScenarioRunner {
    public ScenarioRunner(Path s, Variant v, Path o) {
    }

    public int runAndReport() {
        return 0;
    }
}
