/* xml_input.c - what libxml2 reads: the text a piece at a time, from memory
 * or from the caller's reader, each lone CR made an LF, the ranges a caller
 * leaves out dropped on the way; and the parser's offsets told back as the
 * text's. */
#include "scan/xml_input.h"

#include <stdlib.h>
#include <string.h>

/* The text in memory has been read to its end: its buffer is made one
 * with no reader, as libxml2's own memory buffers are.  libxml2 asks the
 * reader for more at nearly every token within its look-ahead (250 bytes)
 * of the end, again after the reader has said it is at the end, unless
 * there is none to ask: 58 calls for a 500-byte file, a tenth of linting
 * it. */
static void read_to_end(struct xml_parse *p)
{
	xmlParserInputPtr in = p->ctxt ? p->ctxt->input : NULL;
	if (in && in->buf && in->buf->context == p)
		in->buf->readcallback = NULL;
}

size_t xml_skip_memory(void *user, size_t n)
{
	struct memory_reader *m = user;
	if (n > m->len - m->pos)
		n = m->len - m->pos;
	m->pos += n;
	return n;
}

size_t xml_read_memory(void *user, char *buf, size_t n)
{
	const struct memory_reader *m = user;
	const char *at = m->text + m->pos;
	n = xml_skip_memory(user, n);
	memcpy(buf, at, n);
	return n;
}

/* Reads what comes next of the text into buf (at most n bytes), the
 * ranges left out dropped as they come: as many bytes as asked unless the
 * text ends. */
static size_t read_kept(struct xml_parse *p, char *buf, size_t n)
{
	size_t have = 0;
	if (p->next_skip == p->n_skips)
		return p->read(p->reader, buf, n);
	while (have < n) {
		const struct xml_range *s =
			p->next_skip < p->n_skips ? &p->skips[p->next_skip] : NULL;
		int drop = s && p->pos >= s->start;
		size_t want = n - have, got;
		if (drop && want > s->end - p->pos)
			want = s->end - p->pos;
		else if (!drop && s && want > s->start - p->pos)
			want = s->start - p->pos;
		/* Dropped bytes are passed over unread where the reader can,
		 * else read into the room still free (what is kept overwrites
		 * them). */
		if (drop && p->skip)
			got = p->skip(p->reader, want);
		else
			got = p->read(p->reader, buf + have, want);
		if (got == 0)
			break;
		p->pos += got;
		if (!drop)
			have += got;
		else if (p->pos == s->end)
			p->next_skip++;
	}
	return have;
}

/* cut[k] is where skips[k] was in what the parser was given,
 * skips[k].end - cut[k] the bytes cut out up to that range's end. */
size_t xml_cut_offset(const struct xml_parse *p, size_t at)
{
	size_t lo = 0, hi = p->n_skips;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->cut[mid] <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? at + p->skips[lo - 1].end - p->cut[lo - 1] : at;
}

int xml_read_chunk(void *ctx, char *buffer, int len)
{
	struct xml_parse *p = ctx;
	size_t have, n;
	char *cr, *end;
	if (len <= 1 || xml_names_over_limit(p))
		return 0;
	for (;;) {
		have = 0;
		if (p->carry_cr) {
			buffer[have++] = '\r';
			p->carry_cr = 0;
		}
		n = read_kept(p, buffer + have, (size_t)len - have);
		if (p->in_memory && n < (size_t)len - have)
			p->at_end = 1;
		have += n;
		if (have == 0)
			return 0;
		end = buffer + have;
		for (cr = memchr(buffer, '\r', have); cr;
		     cr = cr + 1 < end ? memchr(cr + 1, '\r', (size_t)(end - cr - 1)) : NULL) {
			if (cr + 1 == end && n > 0) {
				/* The next piece says whether an LF follows. */
				p->carry_cr = 1;
				have--;
				break;
			}
			if (cr + 1 == end || cr[1] != '\n')
				*cr = '\n';
		}
		if (p->at_end && !p->carry_cr)
			read_to_end(p);
		if (have > 0)
			return (int)have;
	}
}

/* Whether the ranges are left out: each in order, none empty or overlapping
 * the one before. */
static int skips_usable(const struct xml_range *skips, size_t n_skips)
{
	for (size_t k = 0; k < n_skips; k++)
		if (skips[k].start >= skips[k].end || (k && skips[k].start < skips[k - 1].end))
			return 0;
	return 1;
}

size_t xml_bytes_parsed(size_t len, const struct xml_range *skips, size_t n_skips)
{
	size_t left = len;
	if (!skips_usable(skips, n_skips))
		return len;
	for (size_t k = 0; k < n_skips && skips[k].start < len; k++)
		left -= (skips[k].end < len ? skips[k].end : len) - skips[k].start;
	return left;
}

int xml_input_skip(struct xml_parse *p, const struct xml_range *skips, size_t n_skips)
{
	if (!skips_usable(skips, n_skips))
		n_skips = 0;
	if (n_skips) {
		size_t cut = 0;
		if (!(p->cut = malloc(n_skips * sizeof *p->cut)))
			return -1;
		for (size_t k = 0; k < n_skips; k++) {
			p->cut[k] = skips[k].start - cut;
			cut += skips[k].end - skips[k].start;
		}
		p->skips = skips;
		p->n_skips = n_skips;
	}
	return 0;
}
