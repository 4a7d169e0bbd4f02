/* ASN.1 templates of the CTL (ctl.h has the module text). */
#include "pki/ctl_asn1.h"

ASN1_SEQUENCE(CS_CTL_SUBJECT) =
    {
        ASN1_SIMPLE(CS_CTL_SUBJECT, identifier, ASN1_OCTET_STRING),
        ASN1_SET_OF_OPT(CS_CTL_SUBJECT, attributes, X509_ATTRIBUTE),
} ASN1_SEQUENCE_END(CS_CTL_SUBJECT)

        ASN1_SEQUENCE(CS_CTL_INFO) =
            {
                ASN1_OPT(CS_CTL_INFO, version, ASN1_INTEGER),
                ASN1_SEQUENCE_OF(CS_CTL_INFO, subject_usage, ASN1_OBJECT),
                ASN1_OPT(CS_CTL_INFO, list_identifier, ASN1_OCTET_STRING),
                ASN1_OPT(CS_CTL_INFO, sequence_number, ASN1_INTEGER),
                ASN1_SIMPLE(CS_CTL_INFO, this_update, ASN1_TIME),
                ASN1_OPT(CS_CTL_INFO, next_update, ASN1_TIME),
                ASN1_SIMPLE(CS_CTL_INFO, subject_algorithm, X509_ALGOR),
                ASN1_SEQUENCE_OF_OPT(CS_CTL_INFO, subjects, CS_CTL_SUBJECT),
                ASN1_EXP_SEQUENCE_OF_OPT(CS_CTL_INFO, extensions,
                                         X509_EXTENSION, 0),
} ASN1_SEQUENCE_END(CS_CTL_INFO)

    /* clang-format off */
ASN1_SEQUENCE(CS_CTL_INFO_ANYALG) = {
	ASN1_OPT(CS_CTL_INFO_ANYALG, version, ASN1_INTEGER),
	ASN1_SEQUENCE_OF(CS_CTL_INFO_ANYALG, subject_usage, ASN1_OBJECT),
	ASN1_OPT(CS_CTL_INFO_ANYALG, list_identifier, ASN1_OCTET_STRING),
	ASN1_OPT(CS_CTL_INFO_ANYALG, sequence_number, ASN1_INTEGER),
	ASN1_SIMPLE(CS_CTL_INFO_ANYALG, this_update, ASN1_TIME),
	ASN1_OPT(CS_CTL_INFO_ANYALG, next_update, ASN1_TIME),
	ASN1_SIMPLE(CS_CTL_INFO_ANYALG, subject_algorithm, ASN1_ANY),
	ASN1_SEQUENCE_OF_OPT(CS_CTL_INFO_ANYALG, subjects, CS_CTL_SUBJECT),
	ASN1_EXP_SEQUENCE_OF_OPT(CS_CTL_INFO_ANYALG, extensions,
	                         X509_EXTENSION, 0),
} ASN1_SEQUENCE_END(CS_CTL_INFO_ANYALG)
IMPLEMENT_ASN1_FUNCTIONS(CS_CTL_INFO_ANYALG)
    /* clang-format on */

    IMPLEMENT_ASN1_FUNCTIONS(CS_CTL_SUBJECT)
        IMPLEMENT_ASN1_FUNCTIONS(CS_CTL_INFO)
