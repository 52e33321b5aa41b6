package io.fscache.afs;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only UDP relay between one client and one server that loses and reorders datagrams: the
 * client sends to {@link #address()}, the relay forwards from its own socket to the server, and
 * whatever the server sends to that socket (replies, ACKs, callback calls) goes back to the client.
 * Each datagram is dropped with probability {@code loss}, or, with probability {@code reorder},
 * held back and sent after the next one in its direction. Seeded, so a run is repeatable given the
 * same packet order. Two daemon threads; {@link #close()} stops them.
 */
final class LossyRelay implements AutoCloseable {

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress server;
    private final double loss;
    private final double reorder;
    private final AtomicLong dropped = new AtomicLong();
    private volatile InetSocketAddress client;

    LossyRelay(InetSocketAddress server, double loss, double reorder, long seed) throws SocketException {
        this.server = server;
        this.loss = loss;
        this.reorder = reorder;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        start("relay-to-server", front, true, new Random(seed));
        start("relay-to-client", back, false, new Random(seed + 1));
    }

    /** Where the client sends. */
    InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** Datagrams dropped so far, both ways. */
    long dropped() {
        return dropped.get();
    }

    private void start(String name, DatagramSocket from, boolean towardsServer, Random random) {
        Thread thread = new Thread(() -> {
            DatagramPacket held = null;
            while (!from.isClosed()) {
                DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
                try {
                    from.receive(packet);
                    if (towardsServer) {
                        client = (InetSocketAddress) packet.getSocketAddress();
                    }
                    InetSocketAddress to = towardsServer ? server : client;
                    if (to == null) {
                        continue;
                    }
                    DatagramSocket via = towardsServer ? back : front;
                    DatagramPacket out = new DatagramPacket(packet.getData(), packet.getLength(), to);
                    double dice = random.nextDouble();
                    if (dice < loss) {
                        dropped.incrementAndGet();
                    } else if (dice < loss + reorder && held == null) {
                        held = out;
                    } else {
                        via.send(out);
                        if (held != null) {
                            via.send(held);
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
