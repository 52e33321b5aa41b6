package io.fscache.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Nfs4StatusTest {

    // Broke as (a fresh user's try): "refused (nfsstat4 10041)".
    @Test
    void aStatusIsNamedAndSaidInWords() {
        assertEquals("/export/.: a name the server does not take (NFS4ERR_BADNAME)",
                Nfs4Status.toException(10041, "/export/.").getMessage());
        assertEquals("/x: no such file or directory (NFS4ERR_NOENT)", Nfs4Status.toException(2, "/x").getMessage());
        assertEquals("/x: refused (nfsstat4 12345)", Nfs4Status.toException(12345, "/x").getMessage());
    }
}
