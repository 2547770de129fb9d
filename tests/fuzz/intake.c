/* qk-intake's decision on each application: a reject, or a case written
 * as qk-intake writes it. */
#include "arena.h"
#include "case.h"
#include "intake.h"
#include "replay.h"
#include "writer.h"
#include "fuzz.h"

struct run {
	const struct qf_ref *ref;
	struct qk_arena *arena;
	struct qk_replay *replay;
	struct qk_writer *w;
};

static int on_application(void *arg, struct qk_node *app)
{
	struct run *run = arg;
	const char *code = qk_intake_reject(app, run->ref->roster);
	struct qk_node *c;

	qk_arena_reset(run->arena);
	if (code != NULL) {
		qf_touch(qk_reject_meaning(code));
		return 0;
	}
	c = qk_intake_case(run->arena, app, "S01-20250101-0001",
	    run->ref->catalog, run->ref->cal);
	if (c == NULL)
		return 0;
	qk_replay_case(run->replay, c);
	qk_case_write(run->w, c, run->replay, run->ref->catalog);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run run;

	run.ref = qf_ref();
	run.arena = qk_arena_new();
	run.replay = qk_replay_new(run.ref->cal);
	run.w = qf_writer(NULL);
	if (run.arena == NULL || run.replay == NULL)
		qf_fail("out of memory");
	qf_records(qf_file(data, size), "applications", "application", 0,
	    on_application, &run);
	qk_writer_free(run.w);
	qk_replay_free(run.replay);
	qk_arena_free(run.arena);
	return 0;
}
