/* oso-doorstroomtoets-serve: the chain test endpoint as a program of its own, run by
 * `oso doorstroomtoets serve` (cmd_doorstroomtoets.c says why it is separate). Its arguments
 * are those after `serve`. */
#include "cli.h"

int main(int argc, char **argv)
{
    return oso_doorstroomtoets_serve(argc, argv);
}
