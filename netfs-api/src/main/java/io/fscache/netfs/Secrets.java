package io.fscache.netfs;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The one rule for which mount options are credentials, and how they are hidden wherever options
 * are shown or logged: an option is secret when its name contains {@code password},
 * {@code secret}, {@code key} or {@code token}, in any case.
 */
public final class Secrets {

    /** What a secret value is shown as. */
    public static final String HIDDEN = "***";

    private static final String[] WORDS = {"password", "secret", "key", "token"};
    /** {@code name=value} where the name is secret, as typed on a command line. */
    private static final Pattern SECRET_OPTION = Pattern.compile(
            "(?i)([\\w.-]*(?:" + String.join("|", WORDS) + ")[\\w.-]*=)\\S+");
    /**
     * A password in a URI's user info: {@code //user:password@host}. The password may hold a
     * {@code '/'} (a base64 key typed unencoded), which a URI parser reads as the start of the path.
     */
    private static final Pattern URI_PASSWORD = Pattern.compile("(//[^/@\\s:]*:)[^@\\s]+@");

    private Secrets() {
    }

    /** Whether an option's value is a credential, by the option's name. */
    public static boolean isSecret(String optionName) {
        String name = optionName.toLowerCase(Locale.ROOT);
        for (String word : WORDS) {
            if (name.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The options as given, in their order, with secret values replaced by {@value #HIDDEN}. */
    public static Map<String, String> hide(Map<String, String> options) {
        Map<String, String> shown = new LinkedHashMap<>();
        options.forEach((name, value) -> shown.put(name, isSecret(name) ? HIDDEN : value));
        return shown;
    }

    /**
     * Free text (a command line, a thread's name) with the values of secret {@code name=value}
     * options and the passwords of URIs' user info replaced by {@value #HIDDEN}.
     */
    public static String hideInText(String text) {
        String hidden = SECRET_OPTION.matcher(text).replaceAll("$1" + HIDDEN);
        return URI_PASSWORD.matcher(hidden).replaceAll("$1" + HIDDEN + "@");
    }

    /**
     * Refuses to keep credentials where they would be stored (a mount's configuration file): a
     * secret option, given as an option or in the URI's query, or a password in the URI's user info.
     *
     * @param where what would keep them, for the message ({@code "etc/io.fscache.mount-data.cfg"})
     * @throws IllegalArgumentException naming the secret and what to do instead
     */
    public static void refuseToKeep(String where, URI uri, Map<String, String> options) {
        String instead = ": put it in a credentials file and give credentials=<file>";
        for (String name : options.keySet()) {
            if (isSecret(name)) {
                throw new IllegalArgumentException(where + " would keep option '" + name + "', a secret" + instead);
            }
        }
        for (String name : NetfsUri.queryOptions(uri).keySet()) {
            if (isSecret(name)) {
                throw new IllegalArgumentException(where + " would keep option '" + name + "' of the URI's query, a secret"
                        + instead);
            }
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            throw new IllegalArgumentException(where + " would keep the password in the URI" + instead);
        }
    }

    /**
     * The URI as it may be shown: its user kept, a password in its user info dropped, and the values
     * of secret query parameters replaced by {@value #HIDDEN}.
     */
    public static URI hide(URI uri) {
        String userInfo = uri.getRawUserInfo();
        String query = uri.getRawQuery();
        if ((userInfo == null || userInfo.indexOf(':') < 0) && query == null) {
            return uri;
        }
        StringBuilder shown = new StringBuilder(uri.getScheme()).append("://");
        if (userInfo != null) {
            shown.append(userInfo.indexOf(':') < 0 ? userInfo : userInfo.substring(0, userInfo.indexOf(':'))).append('@');
        }
        if (uri.getRawAuthority() != null) {
            shown.append(uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1));
        }
        if (uri.getRawPath() != null) {
            shown.append(uri.getRawPath());
        }
        if (query != null) {
            StringJoiner params = new StringJoiner("&", "?", "");
            for (String param : query.split("&")) {
                int eq = param.indexOf('=');
                params.add(eq >= 0 && isSecret(param.substring(0, eq)) ? param.substring(0, eq) + "=" + HIDDEN : param);
            }
            shown.append(params);
        }
        return URI.create(shown.toString());
    }
}
