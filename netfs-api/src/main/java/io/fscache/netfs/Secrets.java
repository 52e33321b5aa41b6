package io.fscache.netfs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
    /** A password in a URI's user info: {@code //user:password@host}. */
    private static final Pattern URI_PASSWORD = Pattern.compile("(//[^/@\\s:]*:)[^/@\\s]+@");

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
}
