/* tinycnn deploy RUN|MODEL.tflite URL [--token T]
 * Send a model to the board (POST URL/model) and print its answer. The
 * board checks it with our loader before storing it (src/app/device.c),
 * so nothing is checked here: a refused model is the board's word, with
 * its reason. RUN is a training folder: its model.tflite, which carries
 * labels, threshold and preprocessing in its metadata. The token is
 * --token, else $TINYCNN_TOKEN. Exit 0 stored and running, 3 refused
 * (bad file, unsupported, too large, camera cannot feed it), 1 anything
 * else (unreachable, wrong token, flash error). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <curl/curl.h>

#include "cli.h"
#include "http_client.h"

static const char usage_txt[] =
    "usage: tinycnn deploy RUN|MODEL.tflite URL [--token T]\n";

int cmd_deploy(int argc, char **argv) {
  const char *src = NULL, *base = NULL, *token = getenv("TINYCNN_TOKEN");
  char url[2048], path[4200], err[CURL_ERROR_SIZE + 64];
  struct stat st;
  void *bytes;
  size_t len;
  http_resp r;
  int a, tries, rc;
  tc_model m;
  tc_meta meta;
  for (a = 1; a < argc; a++) {
    if (!strcmp(argv[a], "--token") && a + 1 < argc) token = argv[++a];
    else if (argv[a][0] == '-') goto usage;
    else if (!src) src = argv[a];
    else if (!base) base = argv[a];
    else goto usage;
  }
  if (!src || !base || http_url(base, "/model", url, sizeof url) != 0)
    goto usage;
  if (stat(src, &st) == 0 && S_ISDIR(st.st_mode))
    snprintf(path, sizeof path, "%s/model.tflite", src);
  else
    snprintf(path, sizeof path, "%s", src);
  if (!(bytes = cli_read_file(path, &len))) {
    fprintf(stderr, "tinycnn deploy: cannot read %s: %s\n", path,
            strerror(errno));
    return TC_EXIT_MODEL;
  }
  /* Only to say what is being sent; the board decides. */
  if (tc_model_load(&m, bytes, len) == TC_OK &&
      tc_meta_read(&m, &meta, NULL) == TC_OK && meta.has)
    printf("deploying %s: %zu bytes, labels %s,%s, threshold %.3f\n", path,
           len, meta.label_neg, meta.label_pos, (double)meta.threshold);
  else
    printf("deploying %s: %zu bytes\n", path, len);
  fflush(stdout);
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
    free(bytes);
    fprintf(stderr, "tinycnn deploy: libcurl failed to start\n");
    return TC_EXIT_FAIL;
  }
  /* Retry only when nothing reached the board. */
  for (tries = 0;; tries++) {
    if (http_request(url, bytes, len, token, 120, &r, err, sizeof err) == 0 ||
        !r.connect_failed || tries == 3)
      break;
    fprintf(stderr, "tinycnn deploy: %s: %s; retry %d of 3\n", url, err,
            tries + 1);
    http_sleep(0.5 * (1 << tries));
  }
  if (!r.status) {
    fprintf(stderr, "tinycnn deploy: %s: %s. %s\n", url, err,
            r.connect_failed
                ? "Cannot reach the board: is it powered, on the network, "
                  "and is the URL right?"
                : "The connection broke before the board answered: the "
                  "model may or may not be stored; see URL/status.");
    rc = TC_EXIT_FAIL;
  } else {
    printf("board (HTTP %ld): %.*s", r.status, (int)r.len,
           r.body ? (const char *)r.body : "");
    if (!r.len || r.body[r.len - 1] != '\n') putchar('\n');
    rc = r.status == 200 ? TC_EXIT_OK
         : r.status == 400 || r.status == 413 || r.status == 422
             ? TC_EXIT_MODEL
             : TC_EXIT_FAIL;
  }
  http_resp_free(&r);
  free(bytes);
  curl_global_cleanup();
  return rc;
usage:
  fputs(usage_txt, stderr);
  return TC_EXIT_USAGE;
}
