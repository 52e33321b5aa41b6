package io.fscache.nfs;

import io.fscache.netfs.contract.MountRig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SilentServerContract} over NFSv4.1. */
class Nfs41SilentServerTest extends SilentServerContract {

    @RegisterExtension
    static final GaneshaServer ganesha = GaneshaServer.v41("silent-41");
    @RegisterExtension
    final MountRig<NfsFilesystem> rig = new MountRig<>(ganesha, new NfsFilesystem(2));

    @Override
    GaneshaServer ganesha() {
        return ganesha;
    }

    @Override
    MountRig<NfsFilesystem> rig() {
        return rig;
    }
}
