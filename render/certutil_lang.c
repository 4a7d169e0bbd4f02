/* certutil's words by language (certutil_lang.h).
 *
 * Sources: en-US - /work/shared/samples/certutil_*.txt and
 * tests/data/real/certutil_*.txt (named per row where one sample is the only
 * one); zh-CN - samples/certutil_verify_urlfetch_zh-CN_offline_then_ok_2025.txt
 * (the only zh-CN -verify sample: every zh-CN cell is read off it, NULL where
 * it does not show the text). No de-DE or ja-JP `certutil -verify` output
 * was found in public (tests/data/real/README.md), so those languages are
 * not columns. */
#include "render/certutil_lang.h"

#include <stdio.h>
#include <string.h>

#include "model/hresult.h"

static const char *const texts[CU_T_COUNT][CU_LANG_COUNT] = {
    [CU_T_ISSUER] = {"Issuer:", "颁发者:"},
    [CU_T_SUBJECT] = {"Subject:", "使用者:"},
    [CU_T_NAME_HASH] = {"Name Hash", "名称哈希"},
    [CU_T_CERT_SERIAL] = {"Cert Serial Number:", "证书序列号:"},
    [CU_T_SEC_AIA] = {"Certificate AIA", "证书 AIA"},
    [CU_T_SEC_CDP] = {"Certificate CDP", "证书 CDP"},
    [CU_T_SEC_BASE_CRL_CDP] = {"Base CRL CDP", "基 CRL CDP"},
    [CU_T_SEC_OCSP] = {"Certificate OCSP", "证书 OCSP"},
    [CU_T_VERIFIED] = {"Verified", "已验证"},
    [CU_T_FAILED] = {"Failed", "失败"},
    /* certutil_v_urlfetch_verify_ldap_delta_crl_2023.txt */
    [CU_T_EXPIRED] = {"Expired", NULL},
    [CU_T_OK] = {"OK", NULL},
    [CU_T_NO_URLS] = {"No URLs", "没有 URL"},
    /* the en-US words are the zh-CN sample's notes' translation */
    [CU_T_NO_IDP] = {"No IDP Intersection", "没有 IDP 交集"},
    [CU_T_OBJ_CERTIFICATE] = {"Certificate", "证书"},
    [CU_T_OBJ_BASE_CRL] = {"Base CRL", "基 CRL"},
    [CU_T_OBJ_DELTA_CRL] = {"Delta CRL", NULL},
    [CU_T_OBJ_NONE] = {"None", "无"},
    [CU_T_TIME] = {"Time:", "时间:"},
    [CU_T_ERROR_RETRIEVING] = {"Error retrieving URL:", "检索 URL 时出现错误:"},
    [CU_T_ISSUANCE_POLICIES] = {"Verified Issuance Policies:",
                                "已验证的颁发策略:"},
    [CU_T_APPLICATION_POLICIES] = {"Verified Application Policies:",
                                   "已验证的应用程序策略:"},
    [CU_T_POLICIES_NONE] = {"None", NULL},
    [CU_T_POLICIES_ALL] = {"All", NULL},
    /* certutil_verify_urlfetch_success_subca_ws2022.txt */
    [CU_T_CERT_IS_CA] = {"Cert is a CA certificate", NULL},
    /* tests/data/real/certutil_verify_with_ca_file_no_chain_dump_2026.txt */
    [CU_T_CERT_IS_END_ENTITY] = {"Cert is an End Entity certificate",
                                 "证书是一个最终实体证书"},
    /* the en-US words are the zh-CN sample's notes' translation */
    [CU_T_SKIPPED_OFFLINE] = {"Revocation check skipped -- server offline",
                              "跳过了吊销检查 -- 服务器脱机"},
    /* certutil_verify_offline_partialchain_dc_2021.txt */
    [CU_T_INCOMPLETE_CHAIN] = {"Incomplete certificate chain", NULL},
    [CU_T_CANNOT_FIND_CERT] = {"Cannot find certificate:", NULL},
    [CU_T_MISSING_ISSUER] = {"Missing Issuer:", NULL},
    [CU_T_LEAF_REV_PASSED] = {"Leaf certificate revocation check passed",
                              "通过了分支证书吊销检查"},
    [CU_T_LEAF_REV_ERROR] = {"ERROR: Verifying leaf certificate revocation "
                             "status returned",
                             "错误: 验证分支证书吊销状态返回了"},
    /* tests/data/real/certutil_verify_revoked_tail_fullchain_cvilab_2026.txt
     */
    [CU_T_CERT_REVOKED] = {"Certificate is REVOKED", NULL},
    [CU_T_LEAF_REVOKED] = {"Leaf certificate is REVOKED", NULL},
    [CU_T_VERIFY_OK] = {"CertUtil: -verify command completed successfully.",
                        "CertUtil: -verify 命令成功完成。"},
    [CU_T_COMMAND_OK] = {"command completed successfully.", "命令成功完成。"},
    /* certutil_urlcache_delete_tail_2026.txt */
    [CU_T_COMMAND_FAILED] = {"command FAILED:", NULL},
    [CU_T_URLCACHE_ENTRIES] = {"WinHttp Cache entries:", "WinHttp 缓存项目:"},
    [CU_T_URLCACHE_DELETED] = {"WinHttp Cache entries deleted:", NULL},
    [CU_T_EKU_SERVER_AUTH] = {"Server Authentication", "服务器身份验证"},
    [CU_T_EKU_CLIENT_AUTH] = {"Client Authentication", "客户端身份验证"},
    /* tests/data/real/certutil_scinfo_two_chains_certum_2024.txt */
    [CU_T_EKU_CODE_SIGNING] = {"Code Signing", NULL},
};

/* zh-CN system messages certutil prints (the zh-CN sample). */
static const struct {
	uint32_t hr;
	const char *zh;
} zh_messages[] = {
    {CS_CRYPT_E_REVOCATION_OFFLINE,
     "由于吊销服务器已脱机，吊销功能无法检查吊销。"},
    {CS_ERROR_WINHTTP_INVALID_SERVER_RESPONSE,
     "服务器返回的信息无效或不可识别"},
};

static const char *const lang_names[CU_LANG_COUNT] = {"en-US", "zh-CN"};

bool cu_lang_from_name(const char *name, cu_lang *out)
{
	for (int l = 0; l < CU_LANG_COUNT; l++)
		if (strcmp(name, lang_names[l]) == 0) {
			*out = (cu_lang)l;
			return true;
		}
	return false;
}

const char *cu_lang_name(cu_lang l)
{
	return l < CU_LANG_COUNT ? lang_names[l] : "?";
}

const char *cu_text_get(cu_lang l, cu_text t)
{
	return l < CU_LANG_COUNT && t < CU_T_COUNT ? texts[t][l] : NULL;
}

const char *cu_text_en(cu_text t)
{
	return t < CU_T_COUNT ? texts[t][CU_LANG_EN_US] : "?";
}

const char *cu_hresult_text(cu_lang l, uint32_t hr)
{
	if (l == CU_LANG_EN_US)
		return cs_hresult_text(hr);
	if (l == CU_LANG_ZH_CN)
		for (size_t i = 0; i < sizeof zh_messages / sizeof *zh_messages;
		     i++)
			if (zh_messages[i].hr == hr)
				return zh_messages[i].zh;
	return NULL;
}

bool cu_text_starts(const char *s, cu_text t, size_t *len, cu_lang *lang_out)
{
	for (int l = 0; l < CU_LANG_COUNT; l++) {
		const char *x = texts[t][l];
		size_t n = x ? strlen(x) : 0;
		if (n && strncmp(s, x, n) == 0) {
			if (len)
				*len = n;
			if (lang_out)
				*lang_out = (cu_lang)l;
			return true;
		}
	}
	return false;
}

bool cu_text_is(const char *s, size_t n, cu_text t)
{
	for (int l = 0; l < CU_LANG_COUNT; l++) {
		const char *x = texts[t][l];
		if (x && strlen(x) == n && memcmp(s, x, n) == 0)
			return true;
	}
	return false;
}

void cu_time_format(cu_lang l, cs_filetime t, char *buf, size_t n)
{
	cs_civil c;
	cs_filetime_to_civil(t, &c);
	if (l == CU_LANG_ZH_CN) {
		snprintf(buf, n, "%04d-%02d-%02d %02d:%02d", c.year, c.month,
		         c.day, c.hour, c.min);
		return;
	}
	int h = c.hour % 12 ? c.hour % 12 : 12;
	snprintf(buf, n, "%d/%d/%d %d:%02d %s", c.month, c.day, c.year, h,
	         c.min, c.hour < 12 ? "AM" : "PM");
}
