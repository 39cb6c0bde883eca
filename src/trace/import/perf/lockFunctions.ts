// Functions the kernel places in its .sched.text and .spinlock.text sections
// (__sched and __lockfunc), i.e. between __sched_text_start/__sched_text_end and
// __lock_text_start/__lock_text_end: perf's machine__is_lock_function() tests a
// frame's address against those ranges. `perf script` text has symbol names, not
// the section bounds, so the importer tests names; this list was taken from
// /proc/kallsyms of Linux 6.18 (x86_64) and names that moved between versions
// only matter when they sit in the first frames of a contention stack.
export const LOCK_FUNCTIONS: ReadonlySet<string> = new Set([
  '__cond_resched', '__down', '__down_common', '__down_interruptible', '__down_killable', '__down_timeout',
  '__mutex_lock', '__mutex_lock_interruptible_slowpath', '__mutex_lock_killable_slowpath', '__mutex_lock_slowpath',
  '__mutex_unlock_slowpath', '__percpu_down_read', '__pv_queued_spin_lock_slowpath',
  '__pv_queued_spin_unlock_slowpath', '__raw_callee_save___pv_queued_spin_unlock',
  '__raw_callee_save___pv_queued_spin_unlock_slowpath', '__rt_mutex_futex_trylock', '__rt_mutex_futex_unlock',
  '__rt_mutex_init', '__rt_mutex_start_proxy_lock', '__schedule', '__up', '__wait_for_common', '__wait_on_bit',
  '__wait_on_bit_lock', '__ww_mutex_lock', '__ww_mutex_lock_interruptible_slowpath', '__ww_mutex_lock_slowpath',
  '_raw_read_lock', '_raw_read_lock_bh', '_raw_read_lock_irq', '_raw_read_lock_irqsave', '_raw_read_trylock',
  '_raw_read_unlock', '_raw_read_unlock_bh', '_raw_read_unlock_irq', '_raw_read_unlock_irqrestore', '_raw_spin_lock',
  '_raw_spin_lock_bh', '_raw_spin_lock_irq', '_raw_spin_lock_irqsave', '_raw_spin_trylock', '_raw_spin_trylock_bh',
  '_raw_spin_unlock', '_raw_spin_unlock_bh', '_raw_spin_unlock_irq', '_raw_spin_unlock_irqrestore',
  '_raw_write_lock', '_raw_write_lock_bh', '_raw_write_lock_irq', '_raw_write_lock_irqsave',
  '_raw_write_lock_nested', '_raw_write_trylock', '_raw_write_unlock', '_raw_write_unlock_bh',
  '_raw_write_unlock_irq', '_raw_write_unlock_irqrestore', 'bit_wait', 'bit_wait_io', 'bit_wait_timeout',
  'console_conditional_schedule', 'do_nanosleep', 'down', 'down_interruptible', 'down_killable', 'down_read',
  'down_read_interruptible', 'down_read_killable', 'down_timeout', 'down_trylock', 'down_write',
  'down_write_killable', 'hrtimer_nanosleep_restart', 'io_schedule', 'io_schedule_timeout', 'ldsem_down_read',
  'ldsem_down_write', 'mark_wakeup_next_waiter', 'mutex_lock', 'mutex_lock_interruptible', 'mutex_lock_io',
  'mutex_lock_killable', 'mutex_trylock', 'mutex_unlock', 'native_queued_spin_lock_slowpath',
  'out_of_line_wait_on_bit', 'out_of_line_wait_on_bit_lock', 'out_of_line_wait_on_bit_timeout', 'percpu_down_write',
  'preempt_schedule', 'preempt_schedule_irq', 'preempt_schedule_notrace', 'queued_read_lock_slowpath',
  'queued_write_lock_slowpath', 'remove_waiter', 'resilient_queued_spin_lock_slowpath', 'resilient_tas_spin_lock',
  'rt_mutex_adjust_pi', 'rt_mutex_adjust_prio_chain', 'rt_mutex_cleanup_proxy_lock', 'rt_mutex_futex_trylock',
  'rt_mutex_futex_unlock', 'rt_mutex_init_proxy_locked', 'rt_mutex_lock', 'rt_mutex_lock_interruptible',
  'rt_mutex_lock_killable', 'rt_mutex_postunlock', 'rt_mutex_proxy_unlock', 'rt_mutex_slowlock',
  'rt_mutex_slowlock_block', 'rt_mutex_start_proxy_lock', 'rt_mutex_trylock', 'rt_mutex_unlock',
  'rt_mutex_wait_proxy_lock', 'rwsem_down_read_slowpath', 'rwsem_down_write_slowpath', 'schedule',
  'schedule_hrtimeout', 'schedule_hrtimeout_range', 'schedule_hrtimeout_range_clock', 'schedule_idle',
  'schedule_preempt_disabled', 'schedule_timeout', 'schedule_timeout_idle', 'schedule_timeout_interruptible',
  'schedule_timeout_killable', 'schedule_timeout_uninterruptible', 'task_blocks_on_rt_mutex', 'try_to_take_rt_mutex',
  'up', 'usleep_range_state', 'wait_for_completion', 'wait_for_completion_interruptible',
  'wait_for_completion_interruptible_timeout', 'wait_for_completion_io', 'wait_for_completion_io_timeout',
  'wait_for_completion_killable', 'wait_for_completion_killable_timeout', 'wait_for_completion_state',
  'wait_for_completion_timeout', 'ww_mutex_lock', 'ww_mutex_lock_interruptible', 'ww_mutex_unlock', 'yield',
  'yield_to',
]);
