package io.fscache.nfs.rpc;

/**
 * An RPC program and version a connection calls, such as NFS version 3 (100003, 3).
 *
 * @param number the program number
 * @param version the program version
 * @param name how errors name it ({@code "NFSv3"}, {@code "MOUNTv3"})
 */
public record Program(int number, int version, String name) {

    public static final Program RPCBIND = new Program(100000, 2, "portmap v2");
    public static final Program NFS3 = new Program(100003, 3, "NFSv3");
    public static final Program NFS4 = new Program(100003, 4, "NFSv4.1");
    public static final Program MOUNT3 = new Program(100005, 3, "MOUNTv3");
}
