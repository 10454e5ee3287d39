import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.flywaydb.core.Flyway;

/**
 * Floor (b): the platform the gateway stands on, without the gateway. Reads a YAML file with Jackson,
 * opens a SQLite file through a HikariCP pool (fail-fast first connection), checks the migration
 * history with one SELECT and runs Flyway only when it is not current (as {@code Database.migrate}
 * does), then starts Javalin (Jetty) with one route, {@code /healthz}. Arguments: PORT DIR [train N]:
 * with {@code train N} it sends N requests to itself and exits (the AOT cache's training run).
 */
public final class Floor {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        Path yamlFile = dir.resolve("floor.yaml");
        if (!Files.exists(yamlFile)) {
            Files.writeString(yamlFile, "server:\n  host: 127.0.0.1\n  threads: 8\ndatabase:\n  pool: 4\n  name: floor.db\n");
        }
        // as the gateway does (docs/benchmarks.md, round 4): sqlite's native library extracted once into the data
        // directory, not to /tmp at every start (which also reads the jar's copy back to compare it)
        Path lib = dir.resolve("native/libsqlitejdbc.so");
        if (!Files.exists(lib)) {
            Files.createDirectories(lib.getParent());
            try (InputStream in = Floor.class.getResourceAsStream("/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so")) {
                Files.copy(in, lib);
            }
        }
        System.setProperty("org.sqlite.lib.path", lib.getParent().toString());
        System.setProperty("org.sqlite.lib.name", "libsqlitejdbc.so");
        JsonNode cfg = new ObjectMapper(new YAMLFactory()).readTree(yamlFile.toFile());

        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:sqlite:" + dir.resolve(cfg.path("database").path("name").asText()));
        pool.setMaximumPoolSize(cfg.path("database").path("pool").asInt());
        pool.setPoolName("floor");
        try (Connection c = pool.getConnection()) { // starts the pool, as HikariCP's fail-fast start does
            if (!current(c)) {
                Flyway.configure().dataSource(pool).locations("classpath:db/floor").load().migrate();
            }
        }

        Javalin app = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.jetty.host = cfg.path("server").path("host").asText();
                    config.jetty.port = port;
                    // a pool with a bounded JDK queue, as the gateway's: Jetty's default BlockingArrayQueue
                    // initialises MemoryUtils, which starts JMX (ManagementFactory.getPlatformMBeanServer)
                    config.jetty.threadPool = new QueuedThreadPool(200, 8, 60_000, new ArrayBlockingQueue<>(1000));
                    config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
                })
                .start();

        if (args.length > 3 && args[2].equals("train")) {
            int n = Integer.parseInt(args[3]);
            for (int i = 0; i < n; i++) {
                HttpURLConnection h = (HttpURLConnection)
                        URI.create("http://127.0.0.1:" + port + "/healthz").toURL().openConnection();
                if (h.getResponseCode() != 200) throw new IllegalStateException("status " + h.getResponseCode());
                h.getInputStream().readAllBytes();
            }
            app.stop();
            pool.close();
            System.exit(0);
        }
    }

    /** One SELECT: the history records the one script, successfully (Flyway is not loaded when it does). */
    private static boolean current(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT script, checksum, success FROM flyway_schema_history")) {
            return r.next() && r.getString(1).equals("V1__floor.sql") && r.getBoolean(3) && !r.next();
        } catch (SQLException noTable) {
            return false;
        }
    }
}
