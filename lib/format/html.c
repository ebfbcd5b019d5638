/* html.c - placeholder, replaced below. */
#include "format/writer.h"

const struct format_ops format_html = {NULL, NULL, NULL, NULL};
