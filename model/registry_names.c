/* The registry names table (see model/registry_names.h). */
#include "model/registry_names.h"

const char *const cs_reg_key_paths[CS_REGKEY_COUNT] = {
#define CS_REG_KEY_ROW(id, path) [CS_REGKEY_##id] = path,
    CS_REG_KEY_TABLE(CS_REG_KEY_ROW)
#undef CS_REG_KEY_ROW
};

const char *const cs_reg_value_names[CS_REGVAL_COUNT] = {
#define CS_REG_VALUE_ROW(id, name) [CS_REGVAL_##id] = name,
    CS_REG_VALUE_TABLE(CS_REG_VALUE_ROW)
#undef CS_REG_VALUE_ROW
};
