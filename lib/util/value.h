/*
 * value.h - reading attribute values the way each configuration system does,
 * so that a value is judged exactly as the server would judge it.
 */
#ifndef HC_VALUE_H
#define HC_VALUE_H

#include <stddef.h>

enum value_syntax {
	VALUE_NET_BOOL,  /* .NET Boolean.Parse(value.Trim()): true/false, any case */
	VALUE_NET_ENUM,  /* .NET GenericEnumConverter: exact, case-sensitive names */
	VALUE_IIS_BOOL,  /* IIS native: true/false, any case */
	VALUE_IIS_ENUM,  /* IIS native: names, any case */
	VALUE_LOOSE_ENUM /* Dynamics Setup: names, any case, surrounding spaces allowed */
};

/* Reads value (len bytes) in the given syntax.  choices lists the valid
 * names separated by '|' (ignored for booleans, which use "false|true").
 * Returns the index of the matching choice, or -1 when the configuration
 * system would reject the value. */
int value_choice(enum value_syntax syntax, const char *choices, const char *value, size_t len);

/* The choices a syntax accepts, for messages: "false|true" for booleans. */
const char *value_choices(enum value_syntax syntax, const char *choices);

/* Non-zero when names in this syntax are compared case-sensitively. */
int value_case_sensitive(enum value_syntax syntax);

/* Whether c is ASCII white space: what String.Trim() trims and PCRE2's \s
 * matches (no Unicode properties asked for). */
int value_is_space(char c);

/* Narrows value to what String.Trim() keeps (ASCII white space). */
void value_trim(const char **value, size_t *len);

/* .NET Int32/Int64Converter: surrounding white space allowed, an optional
 * sign, decimal digits or a "0x" hex prefix.  Returns 0 and *out, or -1 when
 * .NET rejects the value (including overflow of a 32-bit int when int32). */
int value_net_int(const char *value, size_t len, int int32, long long *out);

/* IIS uint: unsigned decimal digits only.  Returns 0 and *out, or -1. */
int value_iis_uint(const char *value, size_t len, unsigned long long *out);

/* .NET Version ("2.0", "4.7.2"): at least major.minor, white space trimmed.
 * Returns 0 with the first two parts, or -1. */
int value_version(const char *value, size_t len, unsigned *major, unsigned *minor);

/* IIS flags: a comma-separated list of names from choices ('|'-separated),
 * any case, spaces around names allowed.  Returns 0 and the bit (1 << index)
 * of each name given in *mask, or -1 when a name is unknown. */
int value_flags(const char *choices, const char *value, size_t len, unsigned *mask);

#endif
