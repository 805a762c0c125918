package io.sparkscale.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** What Linux's /proc says about a child process: CPU time and memory. -1 elsewhere or once it is gone. */
final class ProcFs {

  private ProcFs() {}

  /**
   * CPU time used so far (user + system, from /proc/PID/stat, in clock ticks of 1/100 s as on every common
   * Linux build), in seconds.
   */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime: fields 14, 15
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** A "kB" line of /proc/PID/status, e.g. "VmRSS:" or "VmHWM:", in KiB. */
  static long statusKb(long pid, String field) {
    Path status = Paths.get("/proc", Long.toString(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }
}
