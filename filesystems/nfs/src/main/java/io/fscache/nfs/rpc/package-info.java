/**
 * ONC RPC version 2 over TCP (RFC 5531) and XDR (RFC 4506) on Netty: record marking with fragment
 * reassembly bounded by a maximum record size ({@link io.fscache.nfs.rpc.RecordDecoder}), bounds-checked
 * XDR reading and writing ({@link io.fscache.nfs.rpc.Xdr}), call and reply headers with AUTH_SYS
 * ({@link io.fscache.nfs.rpc.RpcMessages}, {@link io.fscache.nfs.rpc.AuthSys}), one connection's XID table,
 * in-flight cap and timeouts ({@link io.fscache.nfs.rpc.RpcConnection}) and rpcbind's GETPORT
 * ({@link io.fscache.nfs.rpc.Rpcbind}).
 *
 * <p>Not exported: public only for the NFS client in {@link io.fscache.nfs}.
 */
package io.fscache.nfs.rpc;
