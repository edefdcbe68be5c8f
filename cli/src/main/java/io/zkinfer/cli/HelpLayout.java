package io.zkinfer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@code --help} is laid out, for every command at once (docs/cli.md, "Help"):
 * <ul>
 *   <li>Descriptions and footers are written in source as lines of at most 100 columns; here consecutive lines are
 *       joined into paragraphs that picocli wraps to the terminal width. An empty line ends a paragraph, and a line
 *       that starts with a space (an example command, a table row) stays a line of its own.</li>
 *   <li>The command list shows each command's first sentence, not its first source line (which was cut mid-way).</li>
 *   <li>Developer commands ({@link #DEVELOPER}) are listed apart under "Developer commands:", not among the user's.</li>
 * </ul>
 */
final class HelpLayout {

    /** Subcommands for the people who work on zkinfer, not for its users. */
    static final Set<String> DEVELOPER = Set.of("bench");

    static final String SECTION_DEVELOPER_COMMANDS = "developerCommands";

    private HelpLayout() {}

    /** Applies the layout to {@code root} and every subcommand below it. */
    static void apply(CommandLine root) {
        apply(root, true);
    }

    private static void apply(CommandLine cli, boolean top) {
        UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
        usage.description(reflow(usage.description()));
        usage.footer(reflow(usage.footer()));
        if (!cli.getSubcommands().isEmpty()) {
            for (CommandLine sub : cli.getSubcommands().values()) {
                if (DEVELOPER.contains(sub.getCommandName())) {
                    sub.getCommandSpec().usageMessage().hidden(true);
                }
            }
            cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> commandList(help, false));
            cli.getHelpSectionMap().put(SECTION_DEVELOPER_COMMANDS, help -> commandList(help, true));
            List<String> keys = new ArrayList<>(cli.getHelpSectionKeys());
            if (!keys.contains(SECTION_DEVELOPER_COMMANDS)) {
                keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_COMMAND_LIST) + 1, SECTION_DEVELOPER_COMMANDS);
                cli.setHelpSectionKeys(keys);
            }
        }
        // picocli shares subcommand objects between parents only by name: each is visited once
        for (CommandLine sub : new LinkedHashMap<>(cli.getSubcommands()).values()) {
            if (sub.getParent() == cli) {
                apply(sub, false);
            }
        }
    }

    /**
     * Joins hard-wrapped source lines into paragraphs: an empty element stays (a blank line), an element that starts
     * with a space stays a line of its own, one that starts with {@code %n} starts a paragraph, every other element
     * continues the paragraph before it.
     */
    static String[] reflow(String[] lines) {
        List<String> out = new ArrayList<>();
        StringBuilder para = null;
        for (String line : lines) {
            boolean preformatted = line.isEmpty() || line.startsWith(" ");
            if (line.startsWith("%n") && para != null) {   // a paragraph that starts with a line break
                out.add(para.toString());
                para = null;
            }
            if (preformatted) {
                if (para != null) {
                    out.add(para.toString());
                    para = null;
                }
                out.add(line);
            } else if (para == null) {
                para = new StringBuilder(line.strip());
            } else {
                para.append(' ').append(line.strip());
            }
        }
        if (para != null) {
            out.add(para.toString());
        }
        return out.toArray(String[]::new);
    }

    /**
     * The first sentence of a description, for the command list: up to the first '.' or ':' outside parentheses that
     * ends a word (a ':' becomes '.'), without its parenthetical remarks.
     */
    static String summary(String text) {
        StringBuilder s = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && (c == '.' || c == ':')
                    && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
                return s.toString().strip().replaceAll(" {2,}", " ").replace(" ,", ",") + ".";
            } else if (depth == 0) {
                s.append(c);
            }
        }
        return s.toString().strip().replaceAll(" {2,}", " ").replace(" ,", ",");
    }

    private static String commandList(Help help, boolean developer) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Map.Entry<String, CommandLine> e : help.commandSpec().subcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (!e.getKey().equals(sub.name()) || DEVELOPER.contains(e.getKey()) != developer
                    || (!developer && sub.usageMessage().hidden())) {
                continue;   // aliases, the other list, hidden commands
            }
            String[] header = sub.usageMessage().header();
            String[] description = sub.usageMessage().description();
            String first = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
            rows.put(e.getKey(), summary(first.replace("%n", " ").replace("%%", "%").strip()));
        }
        if (rows.isEmpty()) {
            return "";
        }
        int width = help.commandSpec().usageMessage().width();
        int nameWidth = rows.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
        Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(),
                new Help.Column(nameWidth, 2, Help.Column.Overflow.SPAN),
                new Help.Column(width - nameWidth, 1, Help.Column.Overflow.WRAP));
        rows.forEach(table::addRowValues);
        return (developer ? "Developer commands:%n" : "").formatted() + table;
    }
}
