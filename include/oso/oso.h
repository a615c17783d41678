/**
 * @file oso.h
 * @brief Umbrella header of liboso: include this one.
 */
#ifndef OSO_OSO_H
#define OSO_OSO_H

#include "oso/version.h"
#include "oso/common.h"

#endif
