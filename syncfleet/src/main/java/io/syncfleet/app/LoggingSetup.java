package io.syncfleet.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import io.syncfleet.common.config.LogConfig;
import java.io.IOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code log.level} and adds the daily log file in {@code log.dir}. */
public final class LoggingSetup {

    private LoggingSetup() {
    }

    /** Sets the level of syncfleet's own loggers (and the root) to {@code level}. */
    public static void level(String level) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.INFO));
        ctx.getLogger("io.syncfleet").setLevel(Level.toLevel(level, Level.INFO));
    }

    /** Quiet console for one-shot commands: warnings and errors only. */
    public static void quiet() {
        level("warn");
    }

    /** Adds {@code <log.dir>/syncfleet.log}, rolled daily and kept 14 days. */
    public static void toFile(LogConfig log) {
        try {
            Files.createDirectories(log.dir());
        } catch (IOException e) {
            throw new UserError("log.dir: cannot create " + log.dir() + ": " + e.getMessage()
                    + "; fix the permissions or set log.dir");
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
        enc.start();
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setName("FILE");
        file.setFile(log.dir().resolve("syncfleet.log").toString());
        TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
        policy.setContext(ctx);
        policy.setParent(file);
        policy.setFileNamePattern(log.dir().resolve("syncfleet.%d{yyyy-MM-dd}.log").toString());
        policy.setMaxHistory(14);
        policy.start();
        file.setRollingPolicy(policy);
        file.setEncoder(enc);
        file.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(file);
        level(log.level());
    }
}
