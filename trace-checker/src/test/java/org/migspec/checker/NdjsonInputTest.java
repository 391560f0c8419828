package org.migspec.checker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.migspec.checker.CheckerTestSupport.child;
import static org.migspec.checker.CheckerTestSupport.inProcess;
import static org.migspec.checker.CheckerTestSupport.real;
import static org.migspec.checker.CheckerTestSupport.toNdjson;

/**
 * NDJSON input: real QEMU logs converted to MigSpec NDJSON (the implementation's format,
 * capabilities set over QMP, QMP arguments under "params") are accepted as the logs are.
 */
class NdjsonInputTest {
    @TempDir
    Path tmp;

    /** In this JVM: QEMU 10.2 precopy (the in-process configuration). */
    @Test
    void convertedPrecopyRunIsAccepted() throws Exception {
        Path s1a = real("qemu-10.2/s1a_precopy_success");
        Path src = tmp.resolve("src.trace.ndjson"), dst = tmp.resolve("dst.trace.ndjson");
        toNdjson(s1a.resolve("src.trace.log"), src, "v4", "src");
        toNdjson(s1a.resolve("dst.trace.log"), dst, "v4", "dst");
        CheckerTestSupport.copyRecords(s1a, tmp);   // the QMP transcripts: the `quit`s sent
        // the order does not matter: the headers name the sides
        var r = inProcess(dst.toString(), src.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("[migspec NDJSON]"), r.out());
        assertTrue(r.out().contains("variant v4 from NDJSON header"), r.out());
    }

    /** In a child JVM: QEMU 7.2 postcopy, capabilities only in the QMP traffic. */
    @Test
    void convertedPostcopyRunIsAccepted() throws Exception {
        Path d = real("qemu-7.2/d_postcopy_success");
        Path src = tmp.resolve("src.trace.ndjson"), dst = tmp.resolve("dst.trace.ndjson");
        toNdjson(d.resolve("src.trace.log"), src, "legacy", "src");
        toNdjson(d.resolve("dst.trace.log"), dst, "legacy", "dst");
        CheckerTestSupport.copyRecords(d, tmp);   // the QMP transcripts: the `quit`s sent
        var r = child("--json", tmp.resolve("out.json").toString(), src.toString(), dst.toString());
        assertEquals(0, r.exit(), r.all());
        var j = CheckerTestSupport.readJson(tmp.resolve("out.json")).path("runs").get(0);
        assertEquals("legacy+postcopy+rp", j.at("/config/key").asText());
        assertEquals("accepted", j.path("verdict").asText());
    }
}
