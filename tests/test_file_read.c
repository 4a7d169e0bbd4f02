/* pki/file_read.c: the cap is exact, errors name the file, text rejects
 * NUL bytes at their offset, "-" is standard input only when asked. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "pki/file_read.h"

static char dir[] = "/tmp/capisim-file-read-XXXXXX";
static char path[sizeof dir + 16];

static void write_file(const char *bytes, size_t n)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
	fclose(f);
}

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/in", dir);
}

static void teardown(void)
{
	unlink(path);
	rmdir(dir);
	strcpy(dir + strlen(dir) - 6, "XXXXXX");
}

static const cs_file_limits ten = {
    .max = 10, .too_big = "too big", .not_text = "has a NUL"};

START_TEST(exactly_the_cap_is_read_one_more_is_refused)
{
	char *data;
	size_t len;
	cs_diag d = {0};
	write_file("0123456789", 10);
	ck_assert_int_eq(cs_file_read(path, &ten, &data, &len, &d), CS_OK);
	ck_assert_uint_eq(len, 10);
	ck_assert_str_eq(data, "0123456789"); /* NUL-terminated */
	free(data);

	write_file("0123456789A", 11);
	ck_assert_int_eq(cs_file_read(path, &ten, &data, &len, &d),
	                 CS_ERR_LIMIT);
	ck_assert_ptr_null(data);
	ck_assert_str_eq(d.msg, "too big");
	ck_assert_str_eq(d.file, path);
}
END_TEST

START_TEST(empty_file_is_an_empty_buffer)
{
	char *data;
	size_t len = 99;
	cs_diag d = {0};
	write_file("", 0);
	ck_assert_int_eq(cs_file_read_text(path, &ten, &data, &len, &d), CS_OK);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(data, "");
	free(data);
}
END_TEST

START_TEST(large_file_grows_past_the_first_buffer)
{
	static const cs_file_limits mib = {.max = 1u << 20, .too_big = "x"};
	size_t n = (1u << 20) - 3;
	char *big = malloc(n);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	write_file(big, n);
	char *data;
	size_t len;
	cs_diag d = {0};
	ck_assert_int_eq(cs_file_read(path, &mib, &data, &len, &d), CS_OK);
	ck_assert_uint_eq(len, n);
	ck_assert_int_eq(memcmp(data, big, n), 0);
	free(data);
	free(big);
}
END_TEST

START_TEST(nul_byte_in_text_is_reported_at_its_offset)
{
	char *data;
	size_t len;
	cs_diag d = {0};
	write_file("abc\0def", 7);
	ck_assert_int_eq(cs_file_read_text(path, &ten, &data, &len, &d),
	                 CS_ERR_SYNTAX);
	ck_assert_ptr_null(data);
	ck_assert(d.has_offset);
	ck_assert_uint_eq(d.offset, 3);
	ck_assert_str_eq(d.msg, "has a NUL");
	/* The same bytes are fine as binary. */
	ck_assert_int_eq(cs_file_read(path, &ten, &data, &len, &d), CS_OK);
	ck_assert_uint_eq(len, 7);
	free(data);
}
END_TEST

START_TEST(missing_file_and_directory_say_why)
{
	char *data;
	size_t len;
	cs_diag d = {0};
	ck_assert_int_eq(cs_file_read(path, &ten, &data, &len, &d), CS_ERR_IO);
	ck_assert_str_eq(d.msg, "cannot open: No such file or directory");
	ck_assert_int_eq(cs_file_read(dir, &ten, &data, &len, &d), CS_ERR_IO);
	ck_assert_str_eq(d.msg, "cannot read: Is a directory");
	ck_assert_str_eq(d.file, dir);
}
END_TEST

START_TEST(dash_is_a_file_name_unless_asked)
{
	char *data;
	size_t len;
	cs_diag d = {0};
	/* No file called "-" in the test's folder: opening it fails rather
	 * than waiting on standard input. */
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(cs_file_read("-", &ten, &data, &len, &d), CS_ERR_IO);
	ck_assert_str_eq(d.file, "-");
	cs_file_limits stdin_ok = ten;
	stdin_ok.dash_is_stdin = true;
	write_file("hi", 2);
	ck_assert_ptr_nonnull(freopen(path, "rb", stdin));
	ck_assert_int_eq(cs_file_read("-", &stdin_ok, &data, &len, &d), CS_OK);
	ck_assert_str_eq(data, "hi");
	free(data);
}
END_TEST

static Suite *file_read_suite(void)
{
	Suite *s = suite_create("file_read");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, exactly_the_cap_is_read_one_more_is_refused);
	tcase_add_test(tc, empty_file_is_an_empty_buffer);
	tcase_add_test(tc, large_file_grows_past_the_first_buffer);
	tcase_add_test(tc, nul_byte_in_text_is_reported_at_its_offset);
	tcase_add_test(tc, missing_file_and_directory_say_why);
	tcase_add_test(tc, dash_is_a_file_name_unless_asked);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(file_read_suite)
