package io.zkinfer.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} of every command at 80 columns: reflowed paragraphs, plain placeholders, bench apart. */
class HelpTest {

    static List<CommandLine> all() {
        CommandLine root = new CommandLine(new Main());
        HelpLayout.apply(root);
        List<CommandLine> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        c.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName()) && sub.getParent() == c) {
                collect(sub, out);
            }
        });
    }

    @Test
    void noLineIsWiderThanEightyColumns() {
        for (CommandLine c : all()) {
            for (String line : c.getUsageMessage().split("\\R")) {
                assertThat(line.length()).as(c.getCommandSpec().qualifiedName() + ": " + line).isLessThanOrEqualTo(80);
            }
        }
    }

    /**
     * Each description line but a paragraph's last is full: the next word would not have fitted (greedy wrap; picocli
     * keeps the 80th column free).
     */
    @Test
    void descriptionsAreParagraphsThatPicocliWraps() {
        for (CommandLine c : all()) {
            String text = c.getHelpSectionMap().get(UsageMessageSpec.SECTION_KEY_DESCRIPTION).render(c.getHelp());
            String[] lines = text.split("\\R");
            for (int i = 0; i + 1 < lines.length; i++) {
                String a = lines[i];
                String b = lines[i + 1];
                if (a.isBlank() || b.isBlank() || a.startsWith(" ") || b.startsWith(" ")) {
                    continue;   // paragraph ends, examples
                }
                String next = b.split(" ")[0];
                assertThat(a.length() + 1 + next.length()).as(c.getCommandSpec().qualifiedName()
                        + ": '" + a + "' is cut short before '" + next + "'").isGreaterThanOrEqualTo(80);
            }
        }
    }

    @Test
    void placeholdersArePlainNames() {
        for (CommandLine c : all()) {
            c.getCommandSpec().options().stream().filter(o -> o.arity().max() > 0).forEach(o -> assertThat(o.paramLabel())
                    .as(c.getCommandSpec().qualifiedName() + " " + o.longestName()).doesNotStartWith("<"));
        }
    }

    @Test
    void theCommandListShowsWholeSentencesAndKeepsBenchForDevelopers() {
        String help = all().get(0).getUsageMessage();
        String commands = help.substring(help.indexOf("Commands:"), help.indexOf("Developer commands:"));
        String developer = help.substring(help.indexOf("Developer commands:"), help.indexOf("Exit codes:"));
        assertThat(commands).doesNotContain(" bench ").contains("  compile ").contains("  verify ");
        assertThat(developer).contains("  bench ").contains("Benchmark zkinfer end to end");
        // entries start at column 2; each one, continuation lines joined, is a sentence
        List<String> entries = new ArrayList<>();
        for (String line : commands.split("\\R")) {
            if (line.matches("  \\S.*")) {
                entries.add(line.strip());
            } else if (line.matches(" {3,}\\S.*")) {
                entries.set(entries.size() - 1, entries.getLast() + " " + line.strip());
            }
        }
        assertThat(entries).hasSizeGreaterThan(8).allSatisfy(e -> assertThat(e).endsWith("."));
    }

    @Test
    void summariesCutAtTheFirstSentenceOutsideParentheses() {
        assertThat(HelpLayout.summary("Export a key as a contract (gnark's verifier: Groth16). More text."))
                .isEqualTo("Export a key as a contract.");
        assertThat(HelpLayout.summary("Prove facts about data: commit, prove")).isEqualTo("Prove facts about data.");
        assertThat(HelpLayout.reflow(new String[] {"one", "two", "", "  example", "three"}))
                .containsExactly("one two", "", "  example", "three");
        assertThat(HelpLayout.reflow(new String[] {"%nWhen no COMMAND is given.", "If one is given.%n"}))
                .containsExactly("%nWhen no COMMAND is given. If one is given.%n");
    }
}
