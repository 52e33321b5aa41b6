package io.fscache.nfs.rpc;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * AUTH_SYS credentials (RFC 5531 appendix A, flavor 1): who the client claims to be. Sent with
 * every call; the server trusts them as given.
 *
 * @param machine the client's host name, at most 255 bytes
 * @param uid the user id
 * @param gid the primary group id
 * @param gids supplementary group ids, at most 16
 */
public record AuthSys(String machine, int uid, int gid, int[] gids) {

    public static final int FLAVOR = 1;
    public static final int MAX_GIDS = 16;

    public AuthSys {
        if (machine.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("an AUTH_SYS machine name has at most 255 bytes: " + machine);
        }
        if (gids.length > MAX_GIDS) {
            throw new IllegalArgumentException("AUTH_SYS carries at most " + MAX_GIDS + " groups, not " + gids.length);
        }
        gids = gids.clone();
    }

    @Override
    public int[] gids() {
        return gids.clone();
    }

    /** Writes the credential: flavor, then the body as an opaque. */
    void encode(ByteBuf out) {
        byte[] name = machine.getBytes(StandardCharsets.UTF_8);
        out.writeInt(FLAVOR);
        out.writeInt(4 + 4 + name.length + Xdr.pad(name.length) + 4 + 4 + 4 + 4 * gids.length);
        out.writeInt(0); // stamp: servers ignore it
        Xdr.writeOpaque(out, name);
        out.writeInt(uid);
        out.writeInt(gid);
        out.writeInt(gids.length);
        for (int g : gids) {
            out.writeInt(g);
        }
    }
}
