package org.migspec.checker.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The names of a QEMU process's threads, as the recording harness sampled them from
 * {@code /proc/PID/task/TID/comm} while the process ran: {@code <side>.threads.json},
 * {@code {"pid": 1234, "threads": {"1234": "qemu-system-x86", "1240": "mig/src/main", ...}}}.
 * A thread that exited before it was sampled is missing; its lines then carry only their id.
 *
 * <p>The main thread (tid = pid) is named "main": its comm is the program's name, which
 * QEMU 7.2 also leaves on the RCU thread and unnamed workers, so only the pid identifies it.
 */
public final class ThreadNames {
    public static final ThreadNames NONE = new ThreadNames(null, Map.of());
    private static final JsonFactory JSON = new JsonFactory();

    private final Integer pid;
    private final Map<Integer, String> names;

    private ThreadNames(Integer pid, Map<Integer, String> names) {
        this.pid = pid;
        this.names = names;
    }

    public static ThreadNames of(int pid, Map<Integer, String> names) {
        return new ThreadNames(pid, Map.copyOf(names));
    }

    /** The name of thread {@code tid} ("main" for the main thread), or null if not sampled. */
    public String nameOf(int tid) {
        if (pid != null && pid == tid) return "main";
        return names.get(tid);
    }

    /** Reads a threads.json; every problem is bad input naming the file, line and field. */
    public static ThreadNames read(Path file) throws TraceInputException {
        String shown = file.toString();
        Integer pid = null;
        Map<Integer, String> names = new HashMap<>();
        boolean sawThreads = false;
        try (JsonParser p = JSON.createParser(Files.newBufferedReader(file))) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw bad(shown, p, "", "expected a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "pid" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 1 || p.getLongValue() > Integer.MAX_VALUE) {
                            throw bad(shown, p, "pid", "expected a process id (a positive integer), got " + p.getText());
                        }
                        pid = p.getIntValue();
                    }
                    case "threads" -> {
                        if (v != JsonToken.START_OBJECT) throw bad(shown, p, "threads", "expected an object {tid: name}");
                        sawThreads = true;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String tid = p.currentName();
                            if (!tid.matches("[1-9][0-9]{0,8}")) {
                                throw bad(shown, p, "threads", "\"" + tid + "\" is not a thread id");
                            }
                            if (p.nextToken() != JsonToken.VALUE_STRING) {
                                throw bad(shown, p, "threads." + tid, "expected the thread's name (a string)");
                            }
                            names.put(Integer.parseInt(tid), p.getText());
                        }
                    }
                    default -> p.skipChildren();   // other fields a harness may add (times, ...)
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) throw bad(shown, p, "", "malformed JSON");
        } catch (JsonParseException e) {
            JsonLocation l = e.getLocation();
            throw new TraceInputException(shown, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TraceInputException(shown, 0, 0, "cannot read: " + e.getMessage());
        }
        if (pid == null) throw new TraceInputException(shown, 1, 1, "pid: missing (the process id, the main thread's id)");
        if (!sawThreads) throw new TraceInputException(shown, 1, 1, "threads: missing ({tid: name})");
        return new ThreadNames(pid, Map.copyOf(names));
    }

    private static TraceInputException bad(String file, JsonParser p, String field, String what) {
        JsonLocation l = p.currentTokenLocation();
        return new TraceInputException(file, l.getLineNr(), l.getColumnNr(), (field.isEmpty() ? "" : field + ": ") + what);
    }
}
