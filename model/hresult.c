/* The HRESULT table's lookups (see model/hresult.h). */
#include "model/hresult.h"

const cs_hresult_row cs_hresult_rows[] = {
#define CS_HRESULT_ROW(sym, v, text) {#sym, v, text},
    CS_HRESULT_TABLE(CS_HRESULT_ROW)
#undef CS_HRESULT_ROW
};
const size_t cs_hresult_count =
    sizeof cs_hresult_rows / sizeof cs_hresult_rows[0];

uint32_t cs_hresult_from_win32(uint32_t err)
{
	return err ? (err & 0xFFFFu) | (7u << 16) | 0x80000000u : 0;
}

static const cs_hresult_row *row(uint32_t hr)
{
	for (size_t i = 0; i < cs_hresult_count; i++)
		if (cs_hresult_rows[i].value == hr)
			return &cs_hresult_rows[i];
	return NULL;
}

const char *cs_hresult_name(uint32_t hr)
{
	const cs_hresult_row *r = row(hr);
	return r ? r->name : NULL;
}

const char *cs_hresult_text(uint32_t hr)
{
	const cs_hresult_row *r = row(hr);
	return r ? r->text : NULL;
}

static const cs_hresult_row last_errors[] = {
#define CS_LAST_ERROR_ROW(sym, v, text) {#sym, v, text},
    CS_LAST_ERROR_TABLE(CS_LAST_ERROR_ROW)
#undef CS_LAST_ERROR_ROW
};

static const cs_hresult_row *last_error_row(uint32_t v)
{
	const cs_hresult_row *r = row(v);
	for (size_t i = 0; !r && i < sizeof last_errors / sizeof *last_errors;
	     i++)
		if (last_errors[i].value == v)
			r = &last_errors[i];
	return r;
}

const char *cs_last_error_name(uint32_t v)
{
	const cs_hresult_row *r = last_error_row(v);
	return r ? r->name : NULL;
}

const char *cs_last_error_text(uint32_t v)
{
	const cs_hresult_row *r = last_error_row(v);
	return r ? r->text : NULL;
}
