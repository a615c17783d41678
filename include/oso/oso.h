/**
 * @file oso.h
 * @brief Umbrella header of liboso: include this one.
 */
#ifndef OSO_OSO_H
#define OSO_OSO_H

#include "oso/version.h"
#include "oso/common.h"
#include "oso/anonymize.h"
#include "oso/attachments.h"
#include "oso/chain.h"
#include "oso/chain_bridge.h"
#include "oso/chain_write.h"
#include "oso/codelists.h"
#include "oso/diff.h"
#include "oso/doorstroomtoets.h"
#include "oso/dossier.h"
#include "oso/parse.h"
#include "oso/release.h"
#include "oso/render.h"
#include "oso/report.h"
#include "oso/validate.h"
#include "oso/write.h"

#endif
