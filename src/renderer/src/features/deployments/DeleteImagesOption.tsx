import { useEffect, useState } from 'react';
import type { DeploymentImage } from '@shared/contract/inventory';
import { Field } from '../../components/Field';
import { formatBytes } from '../../components/format';
import { useApi } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import styles from './deployments.module.css';

function ImageList({ images, error }: { images: DeploymentImage[] | null; error: ErrorView | null }) {
  if (error) return <p className="muted">The images could not be listed: {error.message}</p>;
  if (!images) return <p className="muted">Looking up the images…</p>;
  if (images.length === 0)
    return <p className="muted">Every image it runs is used by another container too.</p>;
  return (
    <ul className={styles.volumeList} data-testid="delete-images">
      {images.map((image) => (
        <li key={image.reference}>
          <span className="mono">{image.reference}</span>{' '}
          <span className="muted">{formatBytes(image.bytes)}</span>
          {image.otherTags.length > 0 ? (
            <span className="muted"> (kept as {image.otherTags.join(', ')})</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** "Also remove its images": the images no other container uses, listed before the user chooses. */
export function DeleteImagesOption({
  deploymentId,
  isChecked,
  onChange,
}: {
  deploymentId: string;
  isChecked: boolean;
  onChange: (isChecked: boolean) => void;
}) {
  const api = useApi();
  const [images, setImages] = useState<DeploymentImage[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  useEffect(() => {
    api['deployments:images']({ id: deploymentId }).then(setImages, (failure: unknown) =>
      setError(errorViewOf(failure)),
    );
  }, [api, deploymentId]);
  return (
    <>
      <Field label="Also remove its images" layout="checkbox">
        {(id) => (
          <input
            id={id}
            type="checkbox"
            checked={isChecked}
            disabled={images?.length === 0}
            onChange={(event) => onChange(event.target.checked)}
          />
        )}
      </Field>
      <ImageList images={images} error={error} />
    </>
  );
}
