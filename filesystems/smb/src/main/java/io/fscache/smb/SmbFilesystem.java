package io.fscache.smb;

import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ProtocolStats;
import io.fscache.smb.SmbMountOptions.SmbClientSettings;
import io.fscache.smb.smbj.AsyncResponses;
import io.fscache.smb.smbj.JdkCryptoSecurityProvider;
import io.fscache.smb.smbj.NoDelaySockets;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The SMB2/3 {@link NetworkFilesystem} ({@code netfs.scheme=smb}) on smbj: mounts
 * {@code smb://[domain;]user@host[:port]/share} with NTLM credentials from the options or a
 * credentials file, negotiating SMB 2.0.2 up to 3.1.1, with signing and encryption on request.
 * Its options are {@link #options()}.
 *
 * <p>Thread-safe. Mounts that agree on signing, encryption and timeout share one smbj client (and
 * its connection pool per server). {@link #stats()} sums what all sessions sent and received.
 * {@link #close()} closes every session and client.
 */
@Component(service = NetworkFilesystem.class, property = NetworkFilesystem.SCHEME_PROPERTY + "=" + SmbFilesystem.SCHEME)
public final class SmbFilesystem implements NetworkFilesystem, AutoCloseable {

    /** The URI scheme this filesystem serves. */
    public static final String SCHEME = "smb";

    private final ExecutorService completions;
    private final AsyncResponses responses;
    private final ProtocolCounters counters = new ProtocolCounters();
    private final Map<SmbClientSettings, SMBClient> clients = new ConcurrentHashMap<>();
    private final Set<SmbSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A filesystem with its own completion threads; close it to release them and every connection. */
    public SmbFilesystem() {
        AtomicInteger threads = new AtomicInteger();
        this.completions = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                task -> {
                    Thread thread = new Thread(task, "smb-completion-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.responses = new AsyncResponses(completions);
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public MountOptionSpec options() {
        return SmbMountOptions.SPEC;
    }

    @Override
    public NetfsSession connect(URI uri, Map<String, String> options) throws IOException {
        SmbMountOptions mount = SmbMountOptions.parse(uri, options);
        if (closed) {
            throw new IOException("the SMB filesystem is closed");
        }
        SMBClient client = clients.computeIfAbsent(mount.clientSettings(), this::newClient);
        SmbSession session = SmbSession.open(mount, client, responses, new ProtocolCounters(counters),
                sessions::remove);
        sessions.add(session);
        return session;
    }

    /** What all sessions sent and received so far, summed (each session's own: {@link NetfsSession#stats()}). */
    public ProtocolStats stats() {
        return counters.snapshot();
    }

    @Override
    @Deactivate
    public void close() {
        closed = true;
        for (SmbSession session : sessions) {
            session.close();
        }
        clients.values().forEach(SMBClient::close);
        clients.clear();
        completions.shutdown();
        try {
            completions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SMBClient newClient(SmbClientSettings settings) {
        SmbConfig config = SmbConfig.builder()
                .withDialects(SMB2Dialect.SMB_3_1_1, SMB2Dialect.SMB_3_0_2, SMB2Dialect.SMB_3_0, SMB2Dialect.SMB_2_1,
                        SMB2Dialect.SMB_2_0_2)
                .withSigningRequired(settings.signingRequired())
                .withEncryptData(settings.encrypt())
                .withTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .withSocketFactory(new NoDelaySockets((int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis())))
                .withDfsEnabled(false)
                .withSecurityProvider(new JdkCryptoSecurityProvider())
                .withTransportLayerFactory(responses)
                .build();
        return new SMBClient(config);
    }
}
