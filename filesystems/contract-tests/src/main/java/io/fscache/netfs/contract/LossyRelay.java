package io.fscache.netfs.contract;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay between one client and one server that loses and reorders datagrams, for tests and
 * benchmarks of UDP protocols (AFS's Rx): the client sends to {@link #address()}, the relay forwards
 * from its own socket to the server, and whatever the server sends to that socket (replies, ACKs,
 * callback calls) goes back to the client. Each datagram is dropped with probability {@code loss},
 * or, with probability {@code reorder}, held back and sent after the next one in its direction.
 * Seeded, so a run is repeatable given the same packet order. The client is the first sender: a
 * datagram from any other address is dropped unanswered (uncounted), so that another socket of the
 * client's host (AFS's port probe) cannot take the relay's replies from it. Two daemon threads, each with one
 * receive buffer of 64 KiB (a datagram held back is copied); {@link #close()} stops them.
 */
public final class LossyRelay implements AutoCloseable {

    private static final int MAX_DATAGRAM = 65536;
    /** Socket buffers big enough that the relay itself loses nothing under an Rx window of packets. */
    private static final int SOCKET_BUFFER = 4 << 20;

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress server;
    private final double loss;
    private final double reorder;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong relayed = new AtomicLong();
    private volatile InetSocketAddress client;

    /**
     * Starts relaying to {@code server} from a socket on the loopback address.
     *
     * @param loss the probability that a datagram is dropped, 0 to 1
     * @param reorder the probability that a datagram is held back and sent after the next one
     * @throws SocketException if no loopback socket can be bound
     */
    public LossyRelay(InetSocketAddress server, double loss, double reorder, long seed) throws SocketException {
        if (loss < 0 || reorder < 0 || loss + reorder > 1) {
            throw new IllegalArgumentException("loss " + loss + " and reorder " + reorder + " are probabilities summing to at most 1");
        }
        this.server = server;
        this.loss = loss;
        this.reorder = reorder;
        this.front = socket();
        this.back = socket();
        start("relay-to-server", front, true, new Random(seed));
        start("relay-to-client", back, false, new Random(seed + 1));
    }

    private static DatagramSocket socket() throws SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(SOCKET_BUFFER);
        socket.setSendBufferSize(SOCKET_BUFFER);
        return socket;
    }

    /** Where the client sends. */
    public InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** Datagrams dropped so far, both ways. */
    public long dropped() {
        return dropped.get();
    }

    /** Datagrams passed on so far, both ways. */
    public long relayed() {
        return relayed.get();
    }

    private void start(String name, DatagramSocket from, boolean towardsServer, Random random) {
        Thread thread = new Thread(() -> {
            DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
            DatagramPacket held = null;
            while (!from.isClosed()) {
                try {
                    packet.setLength(MAX_DATAGRAM);
                    from.receive(packet);
                    if (towardsServer) {
                        InetSocketAddress sender = (InetSocketAddress) packet.getSocketAddress();
                        if (client == null) {
                            client = sender;
                        } else if (!client.equals(sender)) {
                            continue;
                        }
                    }
                    InetSocketAddress to = towardsServer ? server : client;
                    if (to == null) {
                        continue;
                    }
                    DatagramSocket via = towardsServer ? back : front;
                    double dice = random.nextDouble();
                    if (dice < loss) {
                        dropped.incrementAndGet();
                    } else if (dice < loss + reorder && held == null) {
                        held = new DatagramPacket(Arrays.copyOf(packet.getData(), packet.getLength()), packet.getLength(), to);
                    } else {
                        via.send(new DatagramPacket(packet.getData(), packet.getLength(), to));
                        relayed.incrementAndGet();
                        if (held != null) {
                            via.send(held);
                            relayed.incrementAndGet();
                            held = null;
                        }
                    }
                } catch (IOException e) {
                    // closed, or a datagram that could not go: the protocol copes with both
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        front.close();
        back.close();
    }
}
