#include "client/offline_views.hpp"

#include <unistd.h>

#include <iostream>

#include "client/offline_history.hpp"
#include "client/output.hpp"
#include "daemon/adapters/system/system_clock.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::client {

using i18n::tr;

int run_offline(const UserFolders& folders, const std::function<int(ReadSource&)>& view) {
  const adapters::SystemClock clock;
  OfflineHistory history(clock, find_offline_files(folders.config_home, folders.state_home),
                         getuid());
  const std::string path = history.database().string();
  // One line, on stderr so that the output stays what scripts expect; JSON says it as well.
  std::cerr << "screentimectl: "
            << (history.has_history()
                    ? format_tr(tr("screentimed is not running: figures read from {}, up to "
                                   "when it stopped."),
                                path)
                    : format_tr(tr("screentimed is not running, and there is no history yet "
                                   "({} does not exist)."),
                                path))
            << "\n";
  return view(history);
}

}  // namespace screentime::client
