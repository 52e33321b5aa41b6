package io.fscache.smb;

import java.util.Arrays;

/**
 * Who a session logs on as. The password is kept as characters so it can be wiped, and it appears
 * in no {@code toString}, message or log line.
 */
final class SmbCredentials {

    private final String domain;
    private final String user;
    private final char[] password;

    SmbCredentials(String domain, String user, char[] password) {
        this.domain = domain == null ? "" : domain;
        this.user = user;
        this.password = password.clone();
    }

    String domain() {
        return domain;
    }

    String user() {
        return user;
    }

    /** A copy: smbj keeps the array it is given. */
    char[] password() {
        return password.clone();
    }

    /** How errors name the account: {@code user} or {@code domain\\user}, never with the password. */
    String account() {
        return domain.isEmpty() ? user : domain + "\\" + user;
    }

    @Override
    public String toString() {
        return "SmbCredentials[" + account() + ", password=****]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmbCredentials c && domain.equals(c.domain) && user.equals(c.user)
                && Arrays.equals(password, c.password);
    }

    @Override
    public int hashCode() {
        return domain.hashCode() * 31 + user.hashCode();
    }
}
