#include "daemon/app/config_view.hpp"

namespace screentime::app {
namespace {

protocol::BreakRuleView rule_view(const core::BreakRule& rule) {
  return {rule.enabled, rule.every, rule.length, rule.notice};
}

}  // namespace

protocol::ConfigView config_view(const core::Config& config) {
  const auto& breaks = config.breaks;
  return {config.day_start,           config.database,
          config.checkpoint_interval, config.retention,
          config.activity_source,     config.idle_threshold,
          config.inhibitor_cap,       breaks.snooze,
          breaks.max_snoozes,         breaks.min_gap,
          breaks.nag_after,           rule_view(breaks.eye),
          rule_view(breaks.movement), breaks.goal_enabled,
          breaks.daily_goal,          config.weekly_notice};
}

}  // namespace screentime::app
