package org.migspec.modelcheck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The messages of a trace: who sent what on which queue, who took it off, and
 * what was lost.  Sends and receives are paired by FIFO position: a send is an
 * element appended to a queue in a step (by that step's actor); a receive is an
 * element taken off the queue's head in a later step (by that step's actor).
 * Elements that leave the queue in a step that breaks or resets the channel (its
 * state becomes {@code broken} or {@code none}), or in an {@code env} step, are
 * lost, not received.
 */
public final class ChannelTraffic {

    /**
     * A queue of the spec.
     *
     * @param variable        the variable holding the channel record ({@code chan})
     * @param queue           the field with the queue ({@code m2d})
     * @param stateField      the field with the channel state ({@code m2dSt}), or null
     * @param defaultReceiver the lane a lost message was meant for when no receive was seen
     * @param returnPath      drawn as a reply (dashed)
     */
    public record Queue(String variable, String queue, String stateField, String defaultReceiver,
                        boolean returnPath) {
        public String name() {
            return variable + "." + queue;
        }
    }

    /** MigSpec's two queues: the main stream and the return path. */
    public static final List<Queue> MIGSPEC_QUEUES = List.of(
            new Queue("chan", "m2d", "m2dSt", "dst/main", false),
            new Queue("chan", "d2s", "d2sSt", "src/return-path", true));

    /**
     * One message.
     *
     * @param queue      its queue
     * @param message    the message value
     * @param label      its label ({@link MessageLabel})
     * @param sender     the lane that appended it (null if it was in the initial state)
     * @param sentAt     the state number whose step appended it (1: initial state)
     * @param receiver   the lane that took it off, or the lane it was meant for if lost;
     *                   null while in flight
     * @param receivedAt the state number whose step took it off or lost it; null while in flight
     * @param lost       dropped by a break, a crash or a reset
     */
    public record Transfer(Queue queue, Object message, String label, String sender, int sentAt,
                           String receiver, Integer receivedAt, boolean lost) {
        public boolean inFlight() {
            return receivedAt == null;
        }
    }

    private ChannelTraffic() {
    }

    /** Every message of the trace in the order they leave their queue (in-flight ones last). */
    public static List<Transfer> of(List<TraceState> states, List<Queue> queues) {
        List<Transfer> done = new ArrayList<>();
        List<Transfer> inFlight = new ArrayList<>();
        for (Queue q : queues) {
            Deque<Transfer> fifo = new ArrayDeque<>();
            String lastReceiver = null;
            List<?> prev = List.of();
            for (int i = 0; i < states.size(); i++) {
                TraceState s = states.get(i);
                Map<?, ?> chan = s.vars().get(q.variable()) instanceof Map<?, ?> m ? m : null;
                List<?> cur = chan != null && chan.get(q.queue()) instanceof List<?> l ? l : List.of();
                StepRecord step = StepRecord.of(s);
                String actor = step == null ? s.action() : step.actor();
                int removed = i == 0 ? 0 : StateDiff.headRemoved(prev, cur);
                boolean lost = "env".equals(actor)
                        || (chan != null && q.stateField() != null
                            && (("broken".equals(chan.get(q.stateField())) || "none".equals(chan.get(q.stateField())))));
                for (int r = 0; r < removed && !fifo.isEmpty(); r++) {
                    Transfer t = fifo.poll();
                    String receiver = lost ? (lastReceiver != null ? lastReceiver : q.defaultReceiver()) : actor;
                    if (!lost) lastReceiver = actor;
                    done.add(new Transfer(q, t.message(), t.label(), t.sender(), t.sentAt(), receiver, s.number(), lost));
                }
                int keep = i == 0 ? 0 : prev.size() - removed;
                for (int a = keep; a < cur.size(); a++) {
                    Object msg = cur.get(a);
                    fifo.add(new Transfer(q, msg, MessageLabel.orValue(msg), i == 0 ? null : actor, s.number(),
                            null, null, false));
                }
                prev = cur;
            }
            inFlight.addAll(fifo);
        }
        done.sort((x, y) -> Integer.compare(x.receivedAt(), y.receivedAt()));
        done.addAll(inFlight);
        return done;
    }
}
