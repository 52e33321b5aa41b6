package io.fscache.shell.command;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Why a backend's component did not activate for one configuration, as Declarative Services
 * recorded it: the message of the exception its activation threw, on one line.
 */
final class ActivationFailures {

    /** What the java.nio.file exceptions whose message is only a path mean. */
    private static final Map<String, String> FILE_REASONS = Map.of(
            "java.nio.file.NoSuchFileException", "no such file or directory",
            "java.nio.file.AccessDeniedException", "access denied",
            "java.nio.file.FileAlreadyExistsException", "already exists",
            "java.nio.file.NotDirectoryException", "not a directory",
            "java.nio.file.DirectoryNotEmptyException", "directory not empty");

    private final ServiceComponentRuntime scr;

    /** @param scr the runtime, or {@code null} when none is present (then no failure is ever known) */
    ActivationFailures(ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    /** The activation failure of the component configured by {@code factoryPid} for configuration {@code pid}. */
    Optional<String> of(String factoryPid, String pid) {
        if (scr == null) {
            return Optional.empty();
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (description.configurationPid == null || !Arrays.asList(description.configurationPid).contains(factoryPid)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                        && pid.equals(configuration.properties.get("service.pid"))) {
                    return Optional.of(message(configuration.failure));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The innermost cause's message of a stack trace as DS records it, without the exception's
     * class name: what the backend said.
     */
    static String message(String failure) {
        if (failure == null || failure.isBlank()) {
            return "activation failed; see log:display";
        }
        String line = failure.lines().findFirst().orElse("");
        for (String candidate : (Iterable<String>) failure.lines().map(String::strip)::iterator) {
            if (candidate.startsWith("Caused by: ")) {
                line = candidate.substring("Caused by: ".length());
            }
        }
        int colon = line.indexOf(": ");
        String head = colon < 0 ? line : line.substring(0, colon);
        boolean classNamed = !head.isEmpty() && !head.contains(" ") && head.contains(".");
        if (!classNamed || colon < 0) {
            return line.trim();
        }
        String said = line.substring(colon + 2).trim();
        // java.nio.file's exceptions carry only the path: their class is the reason.
        String reason = FILE_REASONS.get(head);
        return reason == null ? said : said + ": " + reason;
    }

}
