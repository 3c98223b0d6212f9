package dev.ecscanary.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Who this process is: the driver id it holds leases under ({@code cli:host:pid}, unique per
 * process, so a restarted CLI is a new driver that takes over only once the old lease expires), and
 * the person in whose name aborts are requested ({@code user@host}).
 */
public record Identity(String user, String host, long pid) {

    static Identity ofThisProcess(Map<String, String> variables) {
        String user = firstOf(variables.get("USER"), variables.get("USERNAME"), System.getProperty("user.name"));
        return new Identity(user == null ? "unknown" : user, hostName(variables), ProcessHandle.current().pid());
    }

    public String driverId() {
        return "cli:" + host + ":" + pid;
    }

    public String person() {
        return user + "@" + host;
    }

    private static String hostName(Map<String, String> variables) {
        String fromEnvironment = variables.get("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
