package io.syncfleet.common.config;

import io.syncfleet.common.config.ConfigNode.ListNode;
import io.syncfleet.common.config.ConfigNode.ScalarNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A command to run, as argv. Written either as one string, run by {@code /bin/sh -c} (so pipes,
 * redirections and {@code $VARS} work), or as a list of arguments run without a shell. An empty string,
 * an empty list or nothing means no command: the value is then the empty list.
 *
 * <p>Printing writes a shell command back as its string, so a printed config loads to the same argv.
 * From the environment, the variable's value is a shell command.
 */
final class CommandLineType implements FieldType<List<String>> {

    static final String SHELL = "/bin/sh";

    @Override
    public String name() {
        return "command: a string run by /bin/sh -c, or a list of arguments";
    }

    @Override
    public Shape shape() {
        return Shape.SCALAR;
    }

    @Override
    public List<String> parse(ConfigNode node, String path, ParseContext ctx) {
        if (node instanceof ScalarNode s) {
            return s.value() == null || s.value().isBlank() ? List.of() : shell(s.value().strip());
        }
        if (node instanceof ListNode list) {
            List<String> argv = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                ConfigNode item = list.items().get(i);
                if (!(item instanceof ScalarNode s) || s.value() == null) {
                    ctx.problem(path + "[" + i + "]", "expected a string, got " + item.describe(), item.where());
                    return null;
                }
                argv.add(s.value());
            }
            if (!argv.isEmpty() && argv.get(0).isBlank()) {
                ctx.problem(path + "[0]", "the program to run must not be empty", list.items().get(0).where());
                return null;
            }
            return List.copyOf(argv);
        }
        ctx.problem(path, "expected a command (a string, or a list of arguments), got " + node.describe(), node.where());
        return null;
    }

    @Override
    public Object toYaml(List<String> value) {
        if (value.size() == 3 && value.get(0).equals(SHELL) && value.get(1).equals("-c")) {
            return value.get(2);
        }
        return List.copyOf(value);
    }

    /** The argv that runs {@code command} with {@code /bin/sh -c}. */
    static List<String> shell(String command) {
        return List.of(SHELL, "-c", command);
    }
}
