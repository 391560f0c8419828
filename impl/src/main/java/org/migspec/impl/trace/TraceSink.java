package org.migspec.impl.trace;

/** Where trace events go: one sink per process. */
public interface TraceSink extends AutoCloseable {
    boolean enabled();

    void write(TraceEvent e);

    void flush();

    @Override
    void close();

    TraceSink NULL = new TraceSink() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void write(TraceEvent e) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
}
