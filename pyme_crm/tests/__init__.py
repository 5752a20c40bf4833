from . import test_commercial_list
from . import test_client_lost
from . import test_automatic_moves
from . import test_install_classification
from . import test_salesperson_segmentation
from . import test_translations
from . import test_ui
