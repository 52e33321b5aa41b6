package io.fscache.afs;

import io.fscache.afs.rx.RxAbortException;
import io.fscache.afs.rx.RxProtocolException;
import io.fscache.afs.rx.RxService;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The cache manager's callback service ({@code RXAFSCB_}, OpenAFS {@code src/fsint/afscbint.xg}),
 * which fileservers call on the client's own socket: CallBack (204) breaks promises on up to 50
 * fids, InitCallBackState (205) and InitCallBackState3 (213) break every promise from that
 * server, Probe (206) and ProbeUuid (214) check we are alive and the same client, WhoAreYou (212)
 * and TellMeAboutYourself (65538) give our UUID. Anything else is aborted with
 * {@code RXGEN_OPCODE}. Breaks are handed to a {@link Breaks} and never wait for I/O: the files are
 * revalidated at their next use. Runs on the endpoint's event loop.
 */
final class CacheManagerService implements RxService {

    /** Where broken promises go. Called on the event loop; must not block. */
    interface Breaks {
        /** {@code fid}'s promise is broken ({@code vnode == 0}: every file of the volume). */
        void broken(AfsFid fid);

        /** The server at {@code server} lost its state: every promise it gave is broken. */
        void allBroken(InetSocketAddress server);
    }

    static final int CALLBACK = 204;
    static final int INIT_CALLBACK_STATE = 205;
    static final int PROBE = 206;
    static final int WHO_ARE_YOU = 212;
    static final int INIT_CALLBACK_STATE3 = 213;
    static final int PROBE_UUID = 214;
    static final int TELL_ME_ABOUT_YOURSELF = 65538;
    /** {@code AFSCBMAX}: fids in one CallBack. */
    static final int MAX_FIDS = 50;
    private static final int UUID_WORDS = 11;
    private static final int MAX_INTERFACES = 32;

    private static final int INTERFACE_MTU = 1500;

    private final UUID uuid;
    private final Breaks breaks;
    private volatile int[] addresses = new int[0];

    CacheManagerService(UUID uuid, Breaks breaks) {
        this.uuid = uuid;
        this.breaks = breaks;
    }

    @Override
    public ByteBuf serve(InetSocketAddress peer, int serviceId, ByteBuf request, ByteBufAllocator alloc) throws RxAbortException {
        try {
            int opcode = AfsXdr.int32(request, "opcode");
            switch (opcode) {
                case CALLBACK -> callBack(request);
                case INIT_CALLBACK_STATE, INIT_CALLBACK_STATE3 -> breaks.allBroken(peer);
                case PROBE -> {
                }
                case PROBE_UUID -> {
                    if (!readUuid(request).equals(uuid)) {
                        throw new RxAbortException("another client's UUID", 1);
                    }
                }
                case WHO_ARE_YOU -> {
                    return interfaces(alloc);
                }
                case TELL_ME_ABOUT_YOURSELF -> {
                    return interfaces(alloc).writeInt(1).writeInt(0); // Capabilities: one word, none set
                }
                default -> throw new RxAbortException("opcode " + opcode, AfsErrors.RXGEN_OPCODE);
            }
            return alloc.buffer(0);
        } catch (RxProtocolException e) {
            throw new RxAbortException(e.getMessage(), AfsErrors.RXGEN_OPCODE - 1); // RXGEN_SS_UNMARSHAL, -456
        }
    }

    private void callBack(ByteBuf request) throws RxProtocolException {
        int count = AfsXdr.count(request, MAX_FIDS, 12, "AFSCBFids");
        List<AfsFid> fids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fids.add(AfsFid.read(request));
        }
        // The AFSCBs that follow say what kind of promise each was; any break means revalidate.
        for (AfsFid fid : fids) {
            breaks.broken(fid);
        }
    }

    /** An {@code afsUUID}: time_low, time_mid, time_hi_and_version, then eight bytes, one per word. */
    private static UUID readUuid(ByteBuf in) throws RxProtocolException {
        AfsXdr.need(in, 4L * UUID_WORDS, "afsUUID");
        long high = in.readUnsignedInt() << 32 | (in.readInt() & 0xFFFFL) << 16 | in.readInt() & 0xFFFFL;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            low = low << 8 | in.readInt() & 0xFF;
        }
        return new UUID(high, low);
    }

    private void writeUuid(ByteBuf out) {
        long high = uuid.getMostSignificantBits();
        long low = uuid.getLeastSignificantBits();
        out.writeInt((int) (high >>> 32)).writeInt((int) (high >>> 16) & 0xFFFF).writeInt((int) high & 0xFFFF);
        for (int i = 7; i >= 0; i--) {
            out.writeInt((int) (low >>> (8 * i)) & 0xFF);
        }
    }

    /**
     * {@code interfaceAddr} ({@code src/fsint/common.xg}): the number of addresses, our UUID, then
     * 32 addresses, 32 masks and 32 MTUs. We give the one address the fileserver sees us at.
     */
    private ByteBuf interfaces(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(4 * (1 + UUID_WORDS + 3 * MAX_INTERFACES) + 8);
        int[] addresses = this.addresses;
        out.writeInt(addresses.length);
        writeUuid(out);
        for (int i = 0; i < MAX_INTERFACES; i++) {
            out.writeInt(i < addresses.length ? addresses[i] : 0);
        }
        for (int i = 0; i < MAX_INTERFACES; i++) {
            out.writeInt(i < addresses.length ? 0xFFFFFFFF : 0);
        }
        for (int i = 0; i < MAX_INTERFACES; i++) {
            out.writeInt(i < addresses.length ? INTERFACE_MTU : 0);
        }
        return out;
    }

    /** The address the fileservers see this client at (IPv4), once known. */
    void address(java.net.InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            addresses = new int[] {(b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF)};
        }
    }
}
