package io.fscache.benchmarks.netfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@link NetfsReadReport}'s arguments, checked: an unknown argument or benchmark, a missing value or
 * a bad number is refused with one line naming it.
 *
 * @param smoke a smoke run: small sizes, one or two passes
 * @param benchmarks the benchmarks to run, in the table's order
 * @param protocols {@code 9p}, {@code smb}, {@code nfs3}, {@code nfs41}, {@code ceph}, {@code afs}: the default is 9P and SMB
 * @param size the large files' size in bytes (256 MiB, 64 MiB for AFS as issue 18 asks, 16 MiB in a smoke run)
 * @param peers the peer scripts' directory
 */
record ReportArguments(boolean smoke, List<String> benchmarks, List<String> protocols, long size, Path peers) {

    static ReportArguments parse(String[] args, Set<String> known) {
        boolean smoke = false;
        List<String> benchmarks = new ArrayList<>(known);
        List<String> protocols = List.of("9p", "smb");
        Long size = null;
        String peers = "tools/peers";
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--smoke")) {
                smoke = true;
                continue;
            }
            if (!List.of("--only", "--protocol", "--size", "--peers").contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + name
                        + "'; known: --smoke, --only, --protocol, --size, --peers");
            }
            if (++i == args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[i];
            switch (name) {
                case "--only" -> benchmarks = only(value, known);
                case "--protocol" -> protocols = switch (value) {
                    case "9p", "smb", "nfs3", "nfs41", "ceph", "afs" -> List.of(value);
                    case "nfs" -> List.of("nfs3", "nfs41");
                    case "all" -> List.of("9p", "smb", "nfs3", "nfs41");
                    default -> throw new IllegalArgumentException("--protocol is 9p, smb, nfs3, nfs41, nfs, ceph, afs or all, not '"
                            + value + "'");
                };
                case "--size" -> size = mebibytes(value);
                default -> peers = value;
            }
        }
        long bytes = size != null ? size : (smoke ? 16L : protocols.equals(List.of("afs")) ? 64L : 256L) << 20;
        return new ReportArguments(smoke, benchmarks, protocols, bytes, NetfsReadReport.peers(peers));
    }

    /** New, unstarted targets for the protocols, on free ports. */
    List<Target> targets() {
        return protocols.stream().<Target>map(p -> switch (p) {
            case "9p" -> new NinePTarget(peers, 0);
            case "smb" -> new SmbTarget(peers, 0);
            case "nfs3" -> new NfsTarget(peers, 0, "3");
            case "ceph" -> new CephTarget(peers);
            case "afs" -> new AfsTarget(peers);
            default -> new NfsTarget(peers, 0, "4.1");
        }).toList();
    }

    private static List<String> only(String value, Set<String> known) {
        List<String> chosen = new ArrayList<>();
        for (String name : value.split(",")) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown benchmark '" + name + "'; known: " + String.join(", ", known));
            }
            chosen.add(name);
        }
        return known.stream().filter(chosen::contains).toList();
    }

    private static long mebibytes(String value) {
        try {
            long mib = Long.parseLong(value);
            if (mib >= 16 && mib <= 1024) {
                return mib << 20;
            }
        } catch (NumberFormatException e) {
            // refused below, naming the argument
        }
        throw new IllegalArgumentException("--size is a whole number of MiB from 16 to 1024, not '" + value + "'");
    }
}
