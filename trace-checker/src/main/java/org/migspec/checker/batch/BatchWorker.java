package org.migspec.checker.batch;

import com.fasterxml.jackson.databind.JsonNode;
import org.migspec.checker.report.RunRecord;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A child JVM of batch mode: checks the runs of one spec configuration (TLC holds one per
 * JVM) and prints one protocol line per run, then one with TLC's reachable sets for the
 * configuration (conformance coverage).  The request comes on stdin.
 */
public final class BatchWorker {
    private BatchWorker() {
    }

    public static void main(String[] args) throws Exception {
        org.migspec.checker.cli.PrivateTmp.install();
        PrintStream proto = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);   // anything else (TLC) must not mix with the protocol
        JsonNode req = WorkerProtocol.JSON.readTree(System.in);
        GroupChecker.check(WorkerProtocol.specDir(req), WorkerProtocol.config(req), WorkerProtocol.options(req),
                WorkerProtocol.runs(req), req.path("jobs").asInt(1), (RunRecord r) -> {
                    String line = WorkerProtocol.RUN + WorkerProtocol.line(r.toWire());
                    synchronized (proto) {
                        proto.println(line);
                    }
                }, GroupChecker.tlcCoverage() ? reach -> {
                    String line = WorkerProtocol.REACHABLE + WorkerProtocol.line(reach.json());
                    synchronized (proto) {
                        proto.println(line);
                    }
                } : null, System.err);
        proto.flush();
        System.exit(0);
    }
}
