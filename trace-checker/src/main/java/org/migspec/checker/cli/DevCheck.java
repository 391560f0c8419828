package org.migspec.checker.cli;

import org.migspec.checker.input.Side;
import org.migspec.checker.input.TraceFile;
import org.migspec.checker.search.SearchOptions;
import org.migspec.checker.search.SearchResult;
import org.migspec.checker.search.TraceSearch;
import org.migspec.checker.spec.LoadedSpec;
import org.migspec.checker.spec.TraceConfig;

import java.nio.file.Path;
import java.util.List;

/** Temporary development entry point: variant, src log, dst log. */
public final class DevCheck {
    public static void main(String[] a) throws Exception {
        TraceFile src = TraceFile.open(Path.of(a[1]), false, null);
        TraceFile dst = a.length > 2 ? TraceFile.open(Path.of(a[2]), false, null) : null;
        src.assumeSide(Side.SRC);
        if (dst != null) dst.assumeSide(Side.DST);
        var caps = src.header().capabilities();
        boolean pc = caps.getOrDefault("postcopy-ram", false);
        TraceConfig cfg = new TraceConfig(a[0], pc, pc || caps.getOrDefault("return-path", false),
                caps.getOrDefault("pause-before-switchover", false), false);
        long t0 = System.nanoTime();
        LoadedSpec spec = LoadedSpec.load(Path.of("spec"), cfg);
        long t1 = System.nanoTime();
        SearchResult r = new TraceSearch(spec, dst == null ? List.of(src) : List.of(src, dst), SearchOptions.defaults()).run();
        System.out.println(r.verdict() + " nodes=" + r.nodes() + " distinct=" + r.distinctStates()
                + " load=" + (t1 - t0) / 1_000_000 + "ms search=" + r.nanos() / 1_000_000 + "ms");
        for (var f : r.files()) System.out.println("  " + f);
        if (r.rejection() != null) {
            var rj = r.rejection();
            System.out.println("failing: " + (rj.failing() == null ? null : rj.failing().where() + " " + rj.failing().describe()));
            System.out.println("next: " + rj.nextEvents().stream().map(e -> e == null ? "EOF" : e.where() + " " + e.describe()).toList());
            System.out.println("matched lines: " + rj.matchedLines());
            System.out.println("pending: " + rj.pending().stream().map(e -> e.thread() + ":" + e.describe()).toList());
            System.out.println("enabled: " + rj.enabled());
            rj.candidates().forEach((k, v) -> {
                System.out.println("  " + k);
                v.forEach(c -> System.out.println("     " + c));
            });
            int n = r.path().size();
            for (var s : r.path().subList(Math.max(0, n - Integer.getInteger("last", 12)), n)) {
                System.out.println("  #" + s.number() + " " + s.step().actor() + " " + s.tlcAction() + " "
                        + s.step().events().stream().map(e -> e.describe()).toList());
            }
        }
    }
}
