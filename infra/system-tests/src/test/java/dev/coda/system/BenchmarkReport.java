package dev.coda.system;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The benchmarks' figures gathered into one report. Each benchmark adds its section; after each, the report
 * is written again from every section so far: {@code report.md} (tables), {@code report.json} and a PNG chart
 * per section, with the machine it ran on, in {@code coda.bench.report} (default
 * {@code infra/system-tests/target/benchmark-report}). A figure with a baseline carries its ratio; the charts
 * show those ratios against 1.0x, or the figures themselves when a section has no baseline.
 */
final class BenchmarkReport {

    /** A measured figure, and what it is measured against in the same run (null when nothing is). */
    record Figure(String name, double value, String unit, String baseline, Double baselineValue) {

        static Figure of(String name, double value, String unit) {
            return new Figure(name, value, unit, null, null);
        }

        static Figure against(String name, double value, String unit, String baseline, double baselineValue) {
            return new Figure(name, value, unit, baseline, baselineValue);
        }

        public Double ratio() {
            return baselineValue == null || baselineValue == 0 ? null : value / baselineValue;
        }
    }

    /**
     * A goal of the issues on one figure of a section: the figure's value, or its ratio to its baseline, at least
     * or at most {@code target}.
     */
    record Goal(String figure, boolean ofRatio, boolean atMost, double target) {

        static Goal atLeast(String figure, double value) {
            return new Goal(figure, false, false, value);
        }

        static Goal atMost(String figure, double value) {
            return new Goal(figure, false, true, value);
        }

        static Goal ratioAtLeast(String figure, double ratio) {
            return new Goal(figure, true, false, ratio);
        }

        static Goal ratioAtMost(String figure, double ratio) {
            return new Goal(figure, true, true, ratio);
        }

        /**
         * How the run did against this goal: "not measured", and not met, when the run has no such figure (a step
         * left out, another size) or no baseline to take a ratio to.
         */
        Outcome outcome(Section section) {
            Optional<Figure> measured = section.figures().stream().filter(each -> each.name().equals(figure)).findFirst();
            String limit = ofRatio
                    ? String.format(Locale.ROOT, "%.2fx %s", target, measured.map(Figure::baseline).orElse("its baseline"))
                    : format(target, measured.map(Figure::unit).orElse(""));
            String goal = figure + (atMost ? " <= " : " >= ") + limit;
            Optional<Double> value = measured.map(each -> ofRatio ? each.ratio() : Double.valueOf(each.value()));
            if (value.isEmpty()) {
                return new Outcome(section.title(), goal, "not measured", false, "not measured in this run");
            }
            boolean met = atMost ? value.get() <= target : value.get() >= target;
            String by = met ? "met" : atMost
                    ? String.format(Locale.ROOT, "missed: %.2fx the limit", value.get() / target)
                    : String.format(Locale.ROOT, "missed: %.0f%% of the goal", 100 * value.get() / target);
            String result = ofRatio ? String.format(Locale.ROOT, "%.2fx", value.get()) : format(value.get(), measured.get().unit());
            return new Outcome(section.title(), goal, result, met, by);
        }
    }

    /** A goal's result in this run; {@code by} says how far a missed goal is. */
    record Outcome(String section, String goal, String measured, boolean met, String by) {
    }

    /** One benchmark's figures and the goals set on them; {@code setup} says what ran, at which size. */
    record Section(String title, String setup, List<Figure> figures, List<Goal> goals) {

        Section {
            goals = goals == null ? List.of() : goals;
        }

        Section(String title, String setup, List<Figure> figures) {
            this(title, setup, figures, List.of());
        }

        String slug() {
            return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        }
    }

    record Machine(int cores, long memoryBytes, String cpu, String os, String java, String commit, String at) {
    }

    record Report(Machine machine, List<Outcome> goals, List<Section> sections) {
    }

    private static final ObjectMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build(); // a figure's ratio is derived
    private static final Path DIRECTORY = Path.of(System.getProperty("coda.bench.report", "target/benchmark-report"));

    private BenchmarkReport() {
    }

    /** Adds (or replaces) {@code section} and writes the whole report again. */
    static synchronized void add(Section section) {
        try {
            Files.createDirectories(DIRECTORY.resolve("sections"));
            json.writeValue(DIRECTORY.resolve("sections").resolve(section.slug() + ".json").toFile(), section);
            List<Section> sections = new ArrayList<>();
            try (Stream<Path> files = Files.list(DIRECTORY.resolve("sections"))) {
                for (Path file : files.sorted().toList()) {
                    sections.add(json.readValue(file.toFile(), Section.class));
                }
            }
            List<Outcome> goals = sections.stream()
                    .flatMap(each -> each.goals().stream().map(goal -> goal.outcome(each)))
                    .toList();
            Report report = new Report(machine(), goals, sections);
            json.writeValue(DIRECTORY.resolve("report.json").toFile(), report);
            Files.writeString(DIRECTORY.resolve("report.md"), markdown(report));
            chart(section, DIRECTORY.resolve(section.slug() + ".png"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark report in " + DIRECTORY.toAbsolutePath(), e);
        }
    }

    /** Adds each service's start time and the most memory it has held so far, as two sections. */
    static void addServices(String setup, ServiceProcess... services) throws IOException {
        List<Figure> starts = new ArrayList<>();
        List<Figure> memory = new ArrayList<>();
        for (ServiceProcess service : services) {
            starts.add(Figure.of(service.name(), service.startSeconds(), "s"));
            memory.add(Figure.of(service.name(), service.peakRssBytes() / (1024.0 * 1024), "MiB"));
        }
        add(new Section("Service start time", "From the JVM's start until Spring Boot reported the service ready.", starts));
        add(new Section("Service peak memory", "Resident set high-water mark (VmHWM) " + setup + ".", memory));
    }

    private static String markdown(Report report) {
        Machine machine = report.machine();
        StringBuilder md = new StringBuilder("# Coda benchmark report\n\n");
        md.append(String.format(Locale.ROOT, "%s · commit %s · %d cores (%s) · %.1f GiB · %s · Java %s%n%n",
                machine.at(), machine.commit(), machine.cores(), machine.cpu(),
                machine.memoryBytes() / (1024.0 * 1024 * 1024), machine.os(), machine.java()));
        md.append("Every service, PostgreSQL and Kafka share these cores. A ratio is the figure over its baseline, "
                + "measured in the same run on the same database and broker.\n");
        if (!report.goals().isEmpty()) {
            md.append("\n## Goals\n\n| benchmark | goal | measured | |\n|---|---|---:|---|\n");
            for (Outcome outcome : report.goals()) {
                md.append("| ").append(outcome.section()).append(" | ").append(outcome.goal()).append(" | ")
                        .append(outcome.measured()).append(" | ").append(outcome.by()).append(" |\n");
            }
        }
        for (Section section : report.sections()) {
            md.append("\n## ").append(section.title()).append("\n\n").append(section.setup()).append("\n\n");
            md.append("| figure | value | baseline | ratio |\n|---|---:|---|---:|\n");
            for (Figure figure : section.figures()) {
                md.append("| ").append(figure.name()).append(" | ").append(format(figure.value(), figure.unit())).append(" | ")
                        .append(figure.baseline() == null ? "" : figure.baseline() + ": " + format(figure.baselineValue(), figure.unit()))
                        .append(" | ").append(figure.ratio() == null ? "" : String.format(Locale.ROOT, "%.2fx", figure.ratio()))
                        .append(" |\n");
            }
            md.append("\n![").append(section.title()).append("](").append(section.slug()).append(".png)\n");
        }
        return md.toString();
    }

    private static String format(double value, String unit) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f %s" : "%.2f %s", value, unit).strip();
    }

    /**
     * Horizontal bars for the figures in the unit of the section's first one (a chart has one scale): their
     * ratios against a 1.0x line when they have baselines, else their values.
     */
    private static void chart(Section section, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        String unit = section.figures().get(0).unit();
        boolean ratios = section.figures().get(0).ratio() != null;
        List<Figure> shown = section.figures().stream()
                .filter(figure -> figure.unit().equals(unit) && (figure.ratio() != null) == ratios).toList();
        int rowHeight = 28;
        int labelWidth = 380;
        int barWidth = 420;
        int width = labelWidth + barWidth + 110;
        int height = 50 + rowHeight * shown.size() + 20;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(section.title() + (ratios ? ": " + unit + ", ratio to baseline" : ": " + unit), 12, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            double max = shown.stream().mapToDouble(figure -> ratios ? figure.ratio() : figure.value()).max().orElse(1);
            if (ratios) {
                max = Math.max(max, 1.0);
            }
            for (int i = 0; i < shown.size(); i++) {
                Figure figure = shown.get(i);
                double value = ratios ? figure.ratio() : figure.value();
                int y = 44 + i * rowHeight;
                g.setColor(Color.DARK_GRAY);
                g.drawString(figure.name(), 12, y + 15);
                g.setColor(ratios && value < 1 ? new Color(0xE0, 0x7B, 0x39) : new Color(0x3B, 0x7D, 0xD8));
                g.fillRect(labelWidth, y + 3, (int) Math.max(1, barWidth * value / max), rowHeight - 8);
                g.setColor(Color.DARK_GRAY);
                g.drawString(ratios ? String.format(Locale.ROOT, "%.2fx", value) : format(value, figure.unit()),
                        labelWidth + (int) (barWidth * value / max) + 6, y + 15);
            }
            if (ratios) {
                int x = labelWidth + (int) (barWidth / max);
                g.setColor(Color.GRAY);
                g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
                g.drawLine(x, 36, x, height - 12);
                g.drawString("1.0x", x - 10, height - 2);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static Machine machine() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Machine(Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize(), cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("java.version"),
                commit(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
