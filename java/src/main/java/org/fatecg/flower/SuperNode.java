package org.fatecg.flower;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ObjIntConsumer;
import javax.net.ssl.SSLException;
import org.fatecg.flower.proto.FleetProtos;

/**
 * A Flower SuperNode speaking the Fleet API (Flower 1.23 to 1.28) to a SuperLink:
 *
 * <pre>
 *   join:  RegisterNode (self-registering only) ; ActivateNode -> node id ; heartbeats every 0.6 x interval
 *   loop:  PullMessages ; none: sleep poll interval
 *          PullObject for every id of the message's tree (children first), ConfirmMessageReceived
 *          reply = handler(type, content), or an error reply naming the reason
 *          PushMessages(reply, its tree) ; PushObject for every id the SuperLink asks for
 *   stop:  DeactivateNode ; UnregisterNode (self-registering only)
 * </pre>
 * The PullObject and PushObject calls of one message run {@value #TRANSFERS} at a time (Flower's own
 * nodes run 2): a message of the paper CNN is about 24 objects, and one at a time they cost a few tenths
 * of a second a round. Pushing fast matters more than it seems: the SuperLink shows a reply to the
 * ServerApp as soon as PushMessages has stored it, and a ServerApp that asks for an object the node has
 * not pushed yet waits Flower's PULL_INITIAL_BACKOFF (1 s) before asking again.
 * A SuperLink that is down (UNAVAILABLE) is retried with exponential backoff (1 s doubling to 20 s,
 * +-20 % jitter); one that no longer knows the node (restarted on in-memory state) is joined again.
 * A TLS failure, or a key the SuperLink does not know under node authentication, ends the node with a
 * {@link FlowerException}.
 */
public final class SuperNode {
    /** Flower's id of the SuperLink as a message source or destination. */
    static final long SUPERLINK = 1;

    /** PullObject / PushObject calls in flight at once. */
    static final int TRANSFERS = 4;

    /**
     * @param rootCertificates PEM CA bundle to trust; null for a plaintext channel
     * @param selfRegister     register (and unregister) the key itself; false when it was registered with the CLI
     */
    public record Options(
            String address,
            Path rootCertificates,
            NodeKeys keys,
            boolean selfRegister,
            double heartbeatInterval,
            double pollInterval,
            long maxMessageBytes) {
        public Options {
            if (!(heartbeatInterval >= 10 && heartbeatInterval <= 1800))
                throw new IllegalArgumentException(
                        "heartbeat interval must be in [10, 1800] s (the SuperLink's bounds), got "
                                + heartbeatInterval);
            if (!(pollInterval > 0))
                throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
        }
    }

    private final Options options;
    private final MessageHandler handler;
    private final PrintStream log;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile Thread runner;
    private volatile long nodeId;
    private ManagedChannel channel;
    private FleetStub fleet;
    private ExecutorService transfers;
    private int replies;

    public SuperNode(Options options, MessageHandler handler, PrintStream log) {
        this.options = options;
        this.handler = handler;
        this.log = log;
    }

    /** Replies pushed so far (error replies included). */
    public int replies() {
        return replies;
    }

    /** Serves until {@link #stop()}; then deactivates (and unregisters). */
    public void run() throws IOException {
        runner = Thread.currentThread();
        ChannelCredentials creds = options.rootCertificates() == null
                ? InsecureChannelCredentials.create()
                : TlsChannelCredentials.newBuilder()
                        .trustManager(options.rootCertificates().toFile())
                        .build();
        channel = Grpc.newChannelBuilder(options.address(), creds)
                .maxInboundMessageSize(Integer.MAX_VALUE)
                .build();
        fleet = new FleetStub(channel, options.keys());
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flower-heartbeat");
            t.setDaemon(true);
            return t;
        });
        transfers = Executors.newFixedThreadPool(TRANSFERS, r -> {
            Thread t = new Thread(r, "flower-transfer");
            t.setDaemon(true);
            return t;
        });
        long period = (long) (options.heartbeatInterval() * 600);
        beat.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
        int failures = 0;
        try {
            while (!stopping.get()) {
                try {
                    if (nodeId == 0 || lost.getAndSet(false)) join();
                    if (!pullOnce()) sleep(options.pollInterval());
                    failures = 0;
                } catch (StatusRuntimeException e) {
                    if (stopping.get()) break;
                    Status.Code code = e.getStatus().getCode();
                    SSLException tls = sslCause(e);
                    if (tls != null)
                        throw new FlowerException("TLS with the SuperLink at " + options.address() + " failed: "
                                + tls.getMessage()
                                + (options.rootCertificates() != null
                                        ? " (is " + options.rootCertificates() + " the CA that signed its certificate?)"
                                        : " (it may expect TLS: give --root-certificates)"));
                    if (code == Status.Code.UNAUTHENTICATED
                            && String.valueOf(e.getStatus().getDescription()).contains("Invalid node ID")) {
                        log.println("supernode: the SuperLink no longer knows node " + Long.toUnsignedString(nodeId)
                                + "; joining again");
                        nodeId = 0;
                        continue;
                    }
                    if (code != Status.Code.UNAVAILABLE
                            && code != Status.Code.DEADLINE_EXCEEDED
                            && code != Status.Code.UNKNOWN) throw fatal(e);
                    double wait = Math.min(20, Math.pow(2, failures++))
                            * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
                    log.printf(
                            "supernode: SuperLink %s unreachable (%s: %s); retrying in %.1f s%n",
                            options.address(), code, e.getStatus().getDescription(), wait);
                    sleep(wait);
                }
            }
        } finally {
            beat.shutdownNow();
            transfers.shutdownNow();
            Thread.interrupted(); // a stop() interrupt must not cancel the goodbye calls
            leave();
            channel.shutdownNow();
        }
    }

    /** Ends {@link #run()} at the next call boundary (from a signal handler or another thread). */
    public void stop() {
        stopping.set(true);
        Thread t = runner;
        if (t != null) t.interrupt();
    }

    private void join() {
        byte[] pem = options.keys().publicKeyPem();
        if (options.selfRegister()) {
            try {
                fleet.call(
                        FleetStub.REGISTER,
                        FleetProtos.RegisterNodeFleetRequest.newBuilder()
                                .setPublicKey(MessageCodec.bytes(pem))
                                .build(),
                        0);
            } catch (StatusRuntimeException e) {
                String d = String.valueOf(e.getStatus().getDescription());
                if (d.contains("must be registered via the CLI"))
                    throw new FlowerException(
                            "the SuperLink at " + options.address()
                                    + " has node authentication on: register this node's public key with "
                                    + "`flwr supernode register KEY.pub` and start it with --auth-private-key and --auth-public-key");
                if (!d.contains("already in use"))
                    throw e; // else: a SuperLink with persistent state still knows the key
            }
        }
        long deadline = System.nanoTime() + (long) (3 * options.heartbeatInterval() * 1e9);
        while (true) {
            try {
                nodeId = fleet.call(
                                FleetStub.ACTIVATE,
                                FleetProtos.ActivateNodeRequest.newBuilder()
                                        .setPublicKey(MessageCodec.bytes(pem))
                                        .setHeartbeatInterval(options.heartbeatInterval())
                                        .build(),
                                0)
                        .getNodeId();
                log.println("supernode: joined " + options.address() + " as node " + Long.toUnsignedString(nodeId)
                        + (options.rootCertificates() == null ? " (plaintext)" : " (TLS)"));
                return;
            } catch (StatusRuntimeException e) {
                String d = String.valueOf(e.getStatus().getDescription());
                if (d.contains("No SuperNode found"))
                    throw new FlowerException(
                            "the SuperLink at " + options.address()
                                    + " refused this node: its public key is not registered there"
                                    + " (register it with `flwr supernode register KEY.pub`, or start the SuperLink without --enable-supernode-auth)");
                // Restarted within 2 x interval of a crash: the old entry is still online. Wait for it to time out.
                if (!d.contains("could not be activated") || System.nanoTime() > deadline) throw e;
                log.println("supernode: the SuperLink still holds this key's previous session online; retrying");
                sleep(2);
            }
        }
    }

    private void heartbeat() {
        long id = nodeId;
        if (id == 0 || stopping.get()) return;
        try {
            boolean ok = fleet.call(
                            FleetStub.HEARTBEAT,
                            FleetProtos.SendNodeHeartbeatRequest.newBuilder()
                                    .setNode(node(id))
                                    .setHeartbeatInterval(options.heartbeatInterval())
                                    .build(),
                            5)
                    .getSuccess();
            if (!ok) lost.set(true);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAUTHENTICATED) lost.set(true);
            // anything else: the main loop meets the same trouble on its next call and backs off
        }
    }

    /** Pulls and answers at most one message; false when there was none. */
    private boolean pullOnce() {
        FleetProtos.PullMessagesResponse res = fleet.call(
                FleetStub.PULL_MESSAGES,
                FleetProtos.PullMessagesRequest.newBuilder()
                        .setNode(node(nodeId))
                        .build(),
                0);
        if (res.getMessagesListCount() == 0) return false;
        FleetProtos.Message msg = res.getMessagesList(0);
        FleetProtos.ObjectTree tree = res.getMessageObjectTreesCount() > 0
                ? res.getMessageObjectTrees(0)
                : FleetProtos.ObjectTree.getDefaultInstance();
        try {
            answer(msg.getMetadata(), tree);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.PERMISSION_DENIED) throw e;
            log.println(
                    "supernode: run " + Long.toUnsignedString(msg.getMetadata().getRunId())
                            + " is not running any more (" + e.getStatus().getDescription() + "); message dropped");
        }
        return true;
    }

    private void answer(FleetProtos.Metadata md, FleetProtos.ObjectTree tree) {
        long t0 = System.nanoTime();
        String type = md.getMessageType();
        Records reply = null;
        String refusal;
        long fetched = 0; // when the message's objects were all in; 0: refused while fetching
        try {
            Records content = fetch(md, tree);
            fetched = System.nanoTime();
            log.println("supernode: " + type + " message of run " + Long.toUnsignedString(md.getRunId()) + " received");
            reply = handler.handle(type, content);
            refusal = null;
        } catch (MessageHandler.Refusal | IllegalArgumentException e) {
            refusal = e.getMessage();
        } catch (RuntimeException e) {
            if (e instanceof StatusRuntimeException) throw e;
            refusal = "the node failed: " + e; // a bug or a resource problem here; the node keeps serving
        }
        if (refusal != null)
            log.println("supernode: " + type + " message of run " + Long.toUnsignedString(md.getRunId()) + " refused: "
                    + refusal);
        FleetProtos.Error error = refusal == null
                ? null
                : FleetProtos.Error.newBuilder()
                        .setCode(MessageHandler.Refusal.CLIENT_APP_RAISED)
                        .setReason(refusal)
                        .build();
        long worked = System.nanoTime();
        if (fetched == 0) fetched = worked;
        if (!push(md, reply, error, (worked - t0) / 1e9)) return;
        long done = System.nanoTime();
        log.printf(
                "supernode: replied to %s of run %s%s in %.2f s (fetch %.2f s, %s %.2f s, push %.2f s)%n",
                type,
                Long.toUnsignedString(md.getRunId()),
                error != null ? " with an error" : "",
                (done - t0) / 1e9,
                (fetched - t0) / 1e9,
                error != null ? "refusing" : type,
                (worked - fetched) / 1e9,
                (done - worked) / 1e9);
    }

    /** All objects of the message, each checked against its id, then the decoded content. */
    private Records fetch(FleetProtos.Metadata md, FleetProtos.ObjectTree tree) {
        if (!tree.getObjectId().equals(md.getMessageId()))
            throw new IllegalArgumentException("the message's object tree starts at " + tree.getObjectId()
                    + ", not at its id " + md.getMessageId());
        List<String> ids = MessageCodec.postOrder(tree);
        List<Callable<byte[]>> pulls = new ArrayList<>();
        for (String id : ids) pulls.add(() -> pullObject(md.getRunId(), id));
        Map<String, byte[]> objects = new HashMap<>();
        long[] total = {0};
        inParallel(pulls, (c, i) -> {
            String id = ids.get(i);
            if (!FlowerObjects.id(c).equals(id))
                throw new IllegalArgumentException(
                        "object " + id + " arrived with other content (its SHA-256 differs)");
            total[0] += c.length;
            if (total[0] > options.maxMessageBytes())
                throw new IllegalArgumentException("the message is larger than this node accepts (over "
                        + options.maxMessageBytes() + " bytes; --max-message-mb)");
            objects.put(id, c);
        });
        fleet.call(
                FleetStub.CONFIRM,
                FleetProtos.ConfirmMessageReceivedRequest.newBuilder()
                        .setNode(node(nodeId))
                        .setRunId(md.getRunId())
                        .setMessageObjectId(md.getMessageId())
                        .build(),
                0);
        return MessageCodec.decodeMessage(md.getMessageId(), objects);
    }

    private byte[] pullObject(long runId, String id) {
        double wait = 0.02; // the ServerApp pushes the objects right after the message: they come soon
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (true) {
            FleetProtos.PullObjectResponse r = fleet.call(
                    FleetStub.PULL_OBJECT,
                    FleetProtos.PullObjectRequest.newBuilder()
                            .setNode(node(nodeId))
                            .setRunId(runId)
                            .setObjectId(id)
                            .build(),
                    0);
            if (!r.getObjectFound())
                throw new IllegalArgumentException("object " + id + " of the message is unknown to the SuperLink");
            if (r.getObjectAvailable()) return r.getObjectContent().toByteArray();
            if (System.nanoTime() > deadline)
                throw new IllegalArgumentException("object " + id + " was not uploaded within 10 minutes");
            sleep(wait);
            wait = Math.min(2, wait * 2);
        }
    }

    /** Pushes the reply and its objects; false when the message expired first (nothing sent). */
    private boolean push(FleetProtos.Metadata in, Records content, FleetProtos.Error error, double seconds) {
        double now = System.currentTimeMillis() / 1000.0;
        double ttl = in.getCreatedAt() + in.getTtl() - now;
        if (ttl <= 0) {
            log.println("supernode: the " + in.getMessageType()
                    + " message expired before its reply was ready; no reply sent");
            return false;
        }
        FleetProtos.Metadata md = FleetProtos.Metadata.newBuilder()
                .setRunId(in.getRunId())
                .setSrcNodeId(nodeId)
                .setDstNodeId(SUPERLINK)
                .setReplyToMessageId(in.getMessageId())
                .setGroupId(in.getGroupId())
                .setTtl(ttl)
                .setMessageType(in.getMessageType())
                .setCreatedAt(now)
                .build();
        MessageCodec.Encoded enc = MessageCodec.encodeMessage(md, content, error);
        FleetProtos.Message.Builder proto =
                FleetProtos.Message.newBuilder().setMetadata(md.toBuilder().setMessageId(enc.rootId()));
        if (error != null) proto.setError(error);
        else proto.setContent(FleetProtos.RecordDict.getDefaultInstance());
        FleetProtos.PushMessagesResponse res = fleet.call(
                FleetStub.PUSH_MESSAGES,
                FleetProtos.PushMessagesRequest.newBuilder()
                        .setNode(node(nodeId))
                        .addMessagesList(proto)
                        .addMessageObjectTrees(enc.tree())
                        .addClientappRuntimeList(seconds)
                        .build(),
                0);
        if (!res.getResultsMap().containsKey(enc.rootId()))
            log.println("supernode: the SuperLink did not store the reply to " + in.getMessageId() + " (results "
                    + res.getResultsMap() + "); see its log");
        List<String> asked = res.getObjectsToPushList();
        List<Callable<Boolean>> pushes = new ArrayList<>();
        for (String id : asked) {
            byte[] c = enc.objects().get(id);
            if (c == null)
                throw new FlowerException("the SuperLink asked for object " + id + ", which the reply does not hold");
            pushes.add(() -> fleet.call(
                            FleetStub.PUSH_OBJECT,
                            FleetProtos.PushObjectRequest.newBuilder()
                                    .setNode(node(nodeId))
                                    .setRunId(in.getRunId())
                                    .setObjectId(id)
                                    .setObjectContent(MessageCodec.bytes(c))
                                    .build(),
                            0)
                    .getStored());
        }
        inParallel(pushes, (stored, i) -> {
            if (!stored) log.println("supernode: the SuperLink did not store object " + asked.get(i) + " of the reply");
        });
        replies++;
        return true;
    }

    /**
     * Runs the calls {@value #TRANSFERS} at a time and hands each result, with its index, to {@code each}
     * in the calls' order, on the calling thread. The first failure (a call's or {@code each}'s) cancels the calls not yet done and is thrown
     * as it was, so that the serving loop sees a gRPC status exactly as from a call on its own thread; an
     * interrupt (stop) becomes CANCELLED.
     */
    private <T> void inParallel(List<Callable<T>> calls, ObjIntConsumer<T> each) {
        List<Future<T>> futures = new ArrayList<>(calls.size());
        try {
            for (Callable<T> c : calls) futures.add(transfers.submit(c));
            for (int i = 0; i < futures.size(); i++) {
                T r;
                try {
                    r = futures.get(i).get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Status.CANCELLED
                            .withDescription("the node is stopping")
                            .asRuntimeException();
                }
                each.accept(r, i);
            }
        } finally {
            for (Future<T> f : futures) f.cancel(true);
        }
    }

    private void leave() {
        long id = nodeId;
        if (id == 0) return;
        try {
            fleet.call(
                    FleetStub.DEACTIVATE,
                    FleetProtos.DeactivateNodeRequest.newBuilder().setNodeId(id).build(),
                    5);
            if (options.selfRegister())
                fleet.call(
                        FleetStub.UNREGISTER,
                        FleetProtos.UnregisterNodeFleetRequest.newBuilder()
                                .setNodeId(id)
                                .build(),
                        5);
            log.println("supernode: node " + Long.toUnsignedString(id) + " left the SuperLink"
                    + (options.selfRegister() ? " (deactivated, unregistered)" : " (deactivated)"));
        } catch (StatusRuntimeException e) {
            log.println("supernode: could not sign off node " + Long.toUnsignedString(id) + ": " + e.getStatus());
        }
        nodeId = 0;
    }

    private FlowerException fatal(StatusRuntimeException e) {
        return new FlowerException("the SuperLink at " + options.address() + " answered "
                + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
    }

    private static SSLException sslCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof SSLException s) return s;
        return null;
    }

    private static FleetProtos.Node node(long id) {
        return FleetProtos.Node.newBuilder().setNodeId(id).build();
    }

    private void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            if (!stopping.get()) Thread.currentThread().interrupt();
        }
    }
}
