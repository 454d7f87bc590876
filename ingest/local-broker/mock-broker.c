/*
 * mock-broker: librdkafka's built-in mock Kafka cluster as a standalone process.
 *
 * Why a separate process: tests kill -9 the ingest process, and the broker
 * must outlive it. The mock cluster lives inside an rd_kafka_t handle, so we
 * own one here and expose a line-based control port on 127.0.0.1.
 *
 * Usage: mock-broker [--brokers N] [--control-port P] [--exit-on-stdin-eof]
 * Prints one line on stdout when ready:
 *   READY bootstrap=<host:port,...> control=<port> pid=<pid>
 * Control commands (one per line, answered with "OK ..." or "ERR ..."):
 *   topic <name> <partitions>   create a topic (the mock has no CreateTopics API)
 *   down <broker-id|-1>         disconnect a broker and refuse new connections
 *   up <broker-id|-1>           accept connections again
 *   bootstraps                  print the bootstrap list
 *   quit                        stop the cluster and exit
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested = 0;
static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static void reply(int fd, const char *fmt, const char *a, const char *b) {
  char out[1024];
  int n = snprintf(out, sizeof out, fmt, a ? a : "", b ? b : "");
  if (n > 0) {
    ssize_t ignored = write(fd, out, (size_t)n);
    (void)ignored;
  }
}

/* Returns 1 when the process should exit. */
static int handle_command(rd_kafka_mock_cluster_t *mc, int fd, char *line) {
  char name[512];
  int a = 0;
  if (sscanf(line, "topic %511s %d", name, &a) == 2) {
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mc, name, a, 1);
    if (err) reply(fd, "ERR %s\n", rd_kafka_err2str(err), NULL);
    else reply(fd, "OK topic %s\n", name, NULL);
  } else if (sscanf(line, "down %d", &a) == 1) {
    rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_down(mc, a);
    if (err) reply(fd, "ERR %s\n", rd_kafka_err2str(err), NULL);
    else reply(fd, "OK down\n", NULL, NULL);
  } else if (sscanf(line, "up %d", &a) == 1) {
    rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_up(mc, a);
    if (err) reply(fd, "ERR %s\n", rd_kafka_err2str(err), NULL);
    else reply(fd, "OK up\n", NULL, NULL);
  } else if (strncmp(line, "bootstraps", 10) == 0) {
    reply(fd, "OK %s\n", rd_kafka_mock_cluster_bootstraps(mc), NULL);
  } else if (strncmp(line, "quit", 4) == 0) {
    reply(fd, "OK bye\n", NULL, NULL);
    return 1;
  } else {
    reply(fd, "ERR unknown command: %s\n", line, NULL);
  }
  return 0;
}

/* Reads newline-terminated commands from one control connection. */
static int serve_connection(rd_kafka_mock_cluster_t *mc, int fd) {
  char buf[4096];
  size_t used = 0;
  for (;;) {
    ssize_t n = read(fd, buf + used, sizeof buf - 1 - used);
    if (n <= 0) return 0;
    used += (size_t)n;
    buf[used] = '\0';
    char *start = buf;
    char *nl;
    while ((nl = strchr(start, '\n')) != NULL) {
      *nl = '\0';
      if (nl > start && nl[-1] == '\r') nl[-1] = '\0';
      if (handle_command(mc, fd, start)) return 1;
      start = nl + 1;
    }
    used = strlen(start);
    memmove(buf, start, used);
    if (used >= sizeof buf - 1) used = 0; /* overlong line: drop it */
  }
}

int main(int argc, char **argv) {
  int brokers = 3;
  int control_port = 0;
  int exit_on_stdin_eof = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--brokers") && i + 1 < argc) brokers = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--control-port") && i + 1 < argc) control_port = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--exit-on-stdin-eof")) exit_on_stdin_eof = 1;
    else {
      fprintf(stderr, "usage: mock-broker [--brokers N] [--control-port P] [--exit-on-stdin-eof]\n");
      return 2;
    }
  }
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);

  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    fprintf(stderr, "mock-broker: rd_kafka_new failed: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) {
    fprintf(stderr, "mock-broker: could not create the mock cluster\n");
    return 1;
  }

  int lfd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons((uint16_t)control_port);
  if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 16) != 0) {
    fprintf(stderr, "mock-broker: cannot listen on 127.0.0.1:%d: %s\n", control_port, strerror(errno));
    return 1;
  }
  socklen_t len = sizeof addr;
  getsockname(lfd, (struct sockaddr *)&addr, &len);

  printf("READY bootstrap=%s control=%d pid=%d\n", rd_kafka_mock_cluster_bootstraps(mc),
         ntohs(addr.sin_port), (int)getpid());
  fflush(stdout);

  struct pollfd fds[2] = {{.fd = lfd, .events = POLLIN}, {.fd = 0, .events = POLLIN}};
  int nfds = exit_on_stdin_eof ? 2 : 1;
  while (!stop_requested) {
    int r = poll(fds, (nfds_t)nfds, 500);
    if (r < 0 && errno != EINTR) break;
    if (r <= 0) continue;
    if (nfds == 2 && (fds[1].revents & (POLLIN | POLLHUP))) {
      char tmp[256];
      if (read(0, tmp, sizeof tmp) <= 0) break; /* owner went away */
    }
    if (fds[0].revents & POLLIN) {
      int cfd = accept(lfd, NULL, NULL);
      if (cfd < 0) continue;
      int quit = serve_connection(mc, cfd);
      close(cfd);
      if (quit) break;
    }
  }
  close(lfd);
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
