package io.fscache.ninep.wire;

/**
 * The 9P2000.L operations this client speaks. Each T-message type is even and its reply is the
 * next odd number; {@code Rlerror} (7) answers any request that failed.
 */
public enum Op {
    STATFS(8, "statfs"),
    LOPEN(12, "lopen"),
    LCREATE(14, "lcreate"),
    RENAME(20, "rename"),
    GETATTR(24, "getattr"),
    SETATTR(26, "setattr"),
    READDIR(40, "readdir"),
    FSYNC(50, "fsync"),
    MKDIR(72, "mkdir"),
    RENAMEAT(74, "renameat"),
    UNLINKAT(76, "unlinkat"),
    VERSION(100, "version"),
    ATTACH(104, "attach"),
    FLUSH(108, "flush"),
    WALK(110, "walk"),
    READ(116, "read"),
    WRITE(118, "write"),
    CLUNK(120, "clunk"),
    REMOVE(122, "remove");

    /** The type of the error reply {@code Rlerror}. */
    public static final int RLERROR = 7;

    private final int request;
    private final String name;

    Op(int request, String name) {
        this.request = request;
        this.name = name;
    }

    int requestType() {
        return request;
    }

    public int replyType() {
        return request + 1;
    }

    public String requestName() {
        return "T" + name;
    }

    public String replyName() {
        return "R" + name;
    }

    /** A message type's name for error messages: {@code Rread}, {@code Rlerror}, or its number. */
    public static String nameOf(int type) {
        if (type == RLERROR) {
            return "Rlerror";
        }
        for (Op op : values()) {
            if (op.request == type) {
                return op.requestName();
            }
            if (op.request + 1 == type) {
                return op.replyName();
            }
        }
        return "type " + type;
    }
}
