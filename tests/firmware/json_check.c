/* json_check FILE [KEY=VALUE...]: FILE parses as JSON (cJSON) and each
 * top-level KEY is a string equal to VALUE. Exit 0 or 1 with the reason. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  FILE *f;
  long n;
  char *text;
  cJSON *root;
  int i, bad = 0;
  if (argc < 2 || !(f = fopen(argv[1], "rb"))) {
    fprintf(stderr, "json_check: cannot open %s\n", argc > 1 ? argv[1] : "(none)");
    return 1;
  }
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  rewind(f);
  text = malloc((size_t)n + 1);
  if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) return 1;
  text[n] = '\0';
  fclose(f);
  if (!(root = cJSON_Parse(text))) {
    fprintf(stderr, "json_check: %s is not JSON (near '%.20s')\n", argv[1],
            cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "");
    return 1;
  }
  for (i = 2; i < argc; i++) {
    const char *eq = strchr(argv[i], '=');
    char key[64];
    const cJSON *v;
    if (!eq || (size_t)(eq - argv[i]) >= sizeof key) return 1;
    memcpy(key, argv[i], (size_t)(eq - argv[i]));
    key[eq - argv[i]] = '\0';
    v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!cJSON_IsString(v) || strcmp(v->valuestring, eq + 1) != 0) {
      fprintf(stderr, "json_check: %s: \"%s\" is not \"%s\"\n", argv[1], key, eq + 1);
      bad = 1;
    }
  }
  cJSON_Delete(root);
  free(text);
  return bad;
}
