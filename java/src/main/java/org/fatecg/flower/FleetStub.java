package org.fatecg.flower;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import java.util.concurrent.TimeUnit;
import org.fatecg.flower.proto.FleetProtos;

/**
 * The Fleet service's unary rpcs ({@code /flwr.proto.Fleet/<Rpc>}) as blocking calls, each signed with the
 * node's key: metadata {@code flwr-public-key-bin} (PEM SPKI), {@code flwr-timestamp},
 * {@code flwr-signature-bin} (DER ECDSA-SHA256 of the timestamp), which the SuperLink checks on every
 * Fleet call, also without TLS.
 */
final class FleetStub {
    static final Metadata.Key<byte[]> PUBLIC_KEY =
            Metadata.Key.of("flwr-public-key-bin", Metadata.BINARY_BYTE_MARSHALLER);
    static final Metadata.Key<String> TIMESTAMP = Metadata.Key.of("flwr-timestamp", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<byte[]> SIGNATURE =
            Metadata.Key.of("flwr-signature-bin", Metadata.BINARY_BYTE_MARSHALLER);

    private final Channel channel;

    FleetStub(Channel raw, NodeKeys keys) {
        this.channel = ClientInterceptors.intercept(raw, new Signer(keys));
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(String name, Q req, R res) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("flwr.proto.Fleet", name))
                .setRequestMarshaller(ProtoUtils.marshaller(req))
                .setResponseMarshaller(ProtoUtils.marshaller(res))
                .build();
    }

    static final MethodDescriptor<FleetProtos.RegisterNodeFleetRequest, FleetProtos.RegisterNodeFleetResponse>
            REGISTER = method(
                    "RegisterNode",
                    FleetProtos.RegisterNodeFleetRequest.getDefaultInstance(),
                    FleetProtos.RegisterNodeFleetResponse.getDefaultInstance());
    static final MethodDescriptor<FleetProtos.ActivateNodeRequest, FleetProtos.ActivateNodeResponse> ACTIVATE = method(
            "ActivateNode",
            FleetProtos.ActivateNodeRequest.getDefaultInstance(),
            FleetProtos.ActivateNodeResponse.getDefaultInstance());
    static final MethodDescriptor<FleetProtos.DeactivateNodeRequest, FleetProtos.DeactivateNodeResponse> DEACTIVATE =
            method(
                    "DeactivateNode",
                    FleetProtos.DeactivateNodeRequest.getDefaultInstance(),
                    FleetProtos.DeactivateNodeResponse.getDefaultInstance());
    static final MethodDescriptor<FleetProtos.UnregisterNodeFleetRequest, FleetProtos.UnregisterNodeFleetResponse>
            UNREGISTER = method(
                    "UnregisterNode",
                    FleetProtos.UnregisterNodeFleetRequest.getDefaultInstance(),
                    FleetProtos.UnregisterNodeFleetResponse.getDefaultInstance());
    static final MethodDescriptor<FleetProtos.SendNodeHeartbeatRequest, FleetProtos.SendNodeHeartbeatResponse>
            HEARTBEAT = method(
                    "SendNodeHeartbeat",
                    FleetProtos.SendNodeHeartbeatRequest.getDefaultInstance(),
                    FleetProtos.SendNodeHeartbeatResponse.getDefaultInstance());
    static final MethodDescriptor<FleetProtos.PullMessagesRequest, FleetProtos.PullMessagesResponse> PULL_MESSAGES =
            method(
                    "PullMessages",
                    FleetProtos.PullMessagesRequest.getDefaultInstance(),
                    FleetProtos.PullMessagesResponse.getDefaultInstance());
    static final MethodDescriptor<FleetProtos.PushMessagesRequest, FleetProtos.PushMessagesResponse> PUSH_MESSAGES =
            method(
                    "PushMessages",
                    FleetProtos.PushMessagesRequest.getDefaultInstance(),
                    FleetProtos.PushMessagesResponse.getDefaultInstance());
    static final MethodDescriptor<FleetProtos.PullObjectRequest, FleetProtos.PullObjectResponse> PULL_OBJECT = method(
            "PullObject",
            FleetProtos.PullObjectRequest.getDefaultInstance(),
            FleetProtos.PullObjectResponse.getDefaultInstance());
    static final MethodDescriptor<FleetProtos.PushObjectRequest, FleetProtos.PushObjectResponse> PUSH_OBJECT = method(
            "PushObject",
            FleetProtos.PushObjectRequest.getDefaultInstance(),
            FleetProtos.PushObjectResponse.getDefaultInstance());
    static final MethodDescriptor<FleetProtos.ConfirmMessageReceivedRequest, FleetProtos.ConfirmMessageReceivedResponse>
            CONFIRM = method(
                    "ConfirmMessageReceived",
                    FleetProtos.ConfirmMessageReceivedRequest.getDefaultInstance(),
                    FleetProtos.ConfirmMessageReceivedResponse.getDefaultInstance());

    /** One call; {@code deadlineSeconds} <= 0 for none (Flower sets none except on heartbeats). */
    <Q, R> R call(MethodDescriptor<Q, R> m, Q request, double deadlineSeconds) {
        CallOptions o = CallOptions.DEFAULT;
        if (deadlineSeconds > 0) o = o.withDeadlineAfter((long) (deadlineSeconds * 1000), TimeUnit.MILLISECONDS);
        return ClientCalls.blockingUnaryCall(channel, m, o, request);
    }

    /** Adds the three signature entries to every call. */
    private static final class Signer implements ClientInterceptor {
        private final NodeKeys keys;
        private final byte[] pem;

        Signer(NodeKeys keys) {
            this.keys = keys;
            this.pem = keys.publicKeyPem();
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    String ts = NodeKeys.timestampNow();
                    headers.put(PUBLIC_KEY, pem);
                    headers.put(TIMESTAMP, ts);
                    headers.put(SIGNATURE, keys.signTimestamp(ts));
                    super.start(listener, headers);
                }
            };
        }
    }
}
