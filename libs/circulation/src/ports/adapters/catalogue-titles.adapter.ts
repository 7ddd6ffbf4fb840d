import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CopiesService, DigitalResourcesService } from '@suotdoi/catalogue';
import type { CopyTitle, ResourceTitle, TitleDirectory } from '../ports.js';

/** TitleDirectory over the catalogue's exported CopiesService and DigitalResourcesService (one query per call). */
@Injectable()
export class CatalogueTitleDirectory implements TitleDirectory {
  constructor(
    private readonly copiesService: CopiesService,
    private readonly digital: DigitalResourcesService,
  ) {}

  copies(keys: { ids?: string[]; barcodes?: string[] }, manager?: EntityManager): Promise<CopyTitle[]> {
    return this.copiesService.titles(keys, manager);
  }

  resources(ids: string[], manager?: EntityManager): Promise<ResourceTitle[]> {
    return this.digital.titles(ids, manager);
  }
}
