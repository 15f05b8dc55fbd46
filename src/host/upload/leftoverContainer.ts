// The buttons of a message about what an upload left at Linode: the container (or image) it names can be deleted
// (through Delete Image, which asks first) or shown; containers it cannot tell apart are shown by their label.
import { l10n } from '../../core/l10n';
import type { ContainerCleanup } from '../../core/upload/errors';
import { revealImage, runOnImage, showMatching } from '../images/imageRows';
import type { NotificationAction } from '../notify';
import type { ExtensionServices } from '../services';

type LeftoverServices = Pick<ExtensionServices, 'tree' | 'treeView' | 'tokens' | 'sync' | 'prompts'>;

/** No buttons when nothing was left behind (or nothing the Images view can show). */
export function leftoverActions(services: LeftoverServices, cleanup: ContainerCleanup): NotificationAction[] {
  switch (cleanup.kind) {
    case 'deleteFailed':
    case 'unchecked':
    case 'keptAccepted':
      return [
        {
          // Linode took the whole file as an image: it is no longer an upload container.
          label: cleanup.kind === 'keptAccepted' ? l10n.t('Delete Image') : l10n.t('Delete Container'),
          run: () => runOnImage(services, 'deleteImages', cleanup.imageId),
        },
        { label: l10n.t('Show Image'), run: () => revealImage(services, cleanup.imageId) },
      ];
    case 'several':
    case 'searchFailed':
      return [{ label: l10n.t('Show Containers'), run: () => showMatching(services, cleanup.label) }];
    default:
      return [];
  }
}
