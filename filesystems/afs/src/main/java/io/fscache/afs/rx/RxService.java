package io.fscache.afs.rx;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;

/**
 * What an {@link RxEndpoint} serves to peers that call it (for an AFS client: the cache manager's
 * callback service, which fileservers call on the client's own socket).
 */
@FunctionalInterface
public interface RxService {

    /**
     * Serves one call. Runs on the endpoint's event loop: it must not block.
     *
     * @param serviceId the Rx service the peer called
     * @param request the whole request (opcode first); owned by the caller, not to be retained
     * @return the reply body, owned by the endpoint from then on
     * @throws RxAbortException to abort the call with its {@code code} (such as {@code RXGEN_OPCODE}, -455)
     */
    ByteBuf serve(InetSocketAddress peer, int serviceId, ByteBuf request, ByteBufAllocator alloc) throws RxAbortException;
}
