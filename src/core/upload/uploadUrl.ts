// Where the image's bytes may go: the pre-signed `upload_to` URL, over https (plain http only to loopback,
// for a local simulator), never with credentials of ours attached.
import { isLoopbackHost } from '../api/apiUrl';
import { l10n } from '../l10n';
import { UploadTransferError } from './errors';

export function checkUploadUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UploadTransferError('url', l10n.t('Linode returned an upload URL that is not a valid URL.'), false);
  }
  if (url.username || url.password) {
    throw new UploadTransferError('url', l10n.t('Linode returned an upload URL with credentials in it; it was not used.'), false);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new UploadTransferError(
    'url',
    l10n.t('Linode returned an upload URL that is not https ({0}); the image was not sent over it.', `${url.protocol}//${url.host}`),
    false,
  );
}

